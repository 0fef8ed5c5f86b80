package dev.kpsim.emulator.compare;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.emulator.experiment.EmulationResult;
import java.util.List;

/**
 * One frontend tried from one client under one hairpin mode: where the kernel's connections ended beside the
 * simulator's probabilities, the chi-square test of the one against the other, the iptables counters beside the
 * simulator's rule hits, and every disagreement in words. The cell agrees when there is no disagreement.
 *
 * @param hairpin      true for the hairpin experiment (a pod connecting to its own service)
 * @param rows         endpoints first (by label), then DROP, REJECT, ERROR
 * @param pValue       chi-square goodness of fit of the kernel's counts against the simulator's expectation (1 when
 *                     only one place is possible; 0 when the kernel ended somewhere the simulator gives probability 0)
 * @param kernel       the raw kernel result (per-connection records)
 */
public record CellReport(Frontend frontend, Client client, HairpinMode hairpinMode, boolean hairpin, int connections,
                         List<CategoryRow> rows, double chiSquare, int degreesOfFreedom, double pValue, List<RuleRow> rules,
                         List<String> disagreements, List<String> notes, EmulationResult kernel) {

    /** The p-value below which kernel and simulator disagree on a distribution. */
    public static final double P_THRESHOLD = 0.001;

    public CellReport {
        rows = List.copyOf(rows);
        rules = List.copyOf(rules);
        disagreements = List.copyOf(disagreements);
        notes = List.copyOf(notes);
    }

    public boolean agrees() {
        return disagreements.isEmpty();
    }

    /** {@code default/hostnames cluster IP 10.0.1.175:80/TCP from local pod default/x (10.244.1.5)}. */
    public String title() {
        return frontend.describe() + " from " + client.label();
    }
}
