package dev.kpsim.core.netfilter.match;

import java.util.List;

/**
 * {@code -m multiport [!] --dports|--sports|--ports LIST}. {@code side} is null for {@code --ports} (either end).
 */
public record MultiportMatch(Side side, List<PortRange> ports, boolean negated) implements Match {
    public MultiportMatch {
        ports = List.copyOf(ports);
    }
}
