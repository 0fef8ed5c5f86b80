package dev.kpsim.cli.sections;

import dev.kpsim.core.analysis.check.Expectation;
import java.util.List;
import java.util.Optional;

/**
 * A scenario's {@code expect:} section, read: the node to check (default: the scenario's), the modes to check in
 * (default: the configured one), and the expectations.
 */
public record ExpectSection(Optional<String> node, List<String> modes, List<Expectation> expectations) {
    public ExpectSection {
        modes = List.copyOf(modes);
        expectations = List.copyOf(expectations);
    }
}
