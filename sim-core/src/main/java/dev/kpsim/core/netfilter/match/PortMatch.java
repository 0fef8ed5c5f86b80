package dev.kpsim.core.netfilter.match;

import java.util.List;

/**
 * The {@code -m tcp|udp|sctp} match with {@code --sport}/{@code --dport} (each may be null). Options of those
 * modules that kpsim does not model (such as {@code --tcp-flags}) are kept in {@code unmodeled} and make the
 * match uncertain.
 */
public record PortMatch(String module, PortRange sourcePort, PortRange destinationPort, List<String> unmodeled)
        implements Match {
    public PortMatch {
        unmodeled = unmodeled == null ? List.of() : List.copyOf(unmodeled);
    }
}
