package dev.kpsim.emulator.compare;

import dev.kpsim.emulator.rules.IptablesBackend;
import java.util.List;

/**
 * Everything one {@code kpsim emulate} run compared: the cells (frontend × client), the hairpin cells (each local pod
 * backing a service connecting to its own service, under each hairpin mode), and notes about the emulated world.
 * Kernel and simulator agree when every cell agrees.
 *
 * @param mode    the data plane's mode ({@code iptables}, {@code nftables}, {@code userspace})
 * @param skipped clients left out, one sentence each
 */
public record AgreementReport(String node, String mode, IptablesBackend backend, long seed, int connections,
                              List<CellReport> cells, List<CellReport> hairpin, List<String> skipped, List<String> notes,
                              long setupMillis, long totalMillis) {

    public AgreementReport {
        cells = List.copyOf(cells);
        hairpin = List.copyOf(hairpin);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    public boolean agrees() {
        return cells.stream().allMatch(CellReport::agrees) && hairpin.stream().allMatch(CellReport::agrees);
    }

    /** The cells that disagree, hairpin ones included. */
    public List<CellReport> disagreeing() {
        return java.util.stream.Stream.concat(cells.stream(), hairpin.stream()).filter(c -> !c.agrees()).toList();
    }
}
