package dev.kpsim.core.analysis.hairpin;

import java.util.List;

/** Every pod behind a service, connecting to its own service; see {@link HairpinTextRenderer}, {@link HairpinJsonRenderer}. */
public record HairpinReport(String mode, List<HairpinCase> cases) {
    public HairpinReport {
        cases = List.copyOf(cases);
    }
}
