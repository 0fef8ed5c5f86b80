package dev.kpsim.emulator.compare;

import java.util.List;

/**
 * One place connections ended (a pod, DROP, REJECT), kernel beside simulator.
 *
 * @param label           the pod ({@code namespace/name}) or {@code DROP} / {@code REJECT} / {@code ERROR}
 * @param kernel          how many real connections ended here
 * @param kernelShare     kernel / connections
 * @param probability     the simulator's probability (the mean over connections of each one's exact probability)
 * @param kernelSources   the source addresses the pod saw on these connections (empty for DROP/REJECT)
 * @param simulatedSources the source addresses the simulator says the pod sees ("node" when masqueraded to an address
 *                        it does not name)
 */
public record CategoryRow(String label, long kernel, double kernelShare, double probability, List<String> kernelSources,
                          List<String> simulatedSources) {

    public CategoryRow {
        kernelSources = List.copyOf(kernelSources);
        simulatedSources = List.copyOf(simulatedSources);
    }
}
