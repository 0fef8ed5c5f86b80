package dev.kpsim.core.netfilter.match;

import java.util.List;

/**
 * {@code -m set [!] --match-set NAME dir[,dir…]}: membership of packet fields in an ipset (IPVS mode's
 * KUBE-CLUSTER-IP, KUBE-LOOP-BACK, ...). {@code directions} lists SOURCE/DESTINATION per set dimension.
 */
public record SetMatch(String setName, List<Side> directions, boolean negated, List<String> unmodeled) implements Match {
    public SetMatch {
        directions = List.copyOf(directions);
        unmodeled = unmodeled == null ? List.of() : List.copyOf(unmodeled);
    }
}
