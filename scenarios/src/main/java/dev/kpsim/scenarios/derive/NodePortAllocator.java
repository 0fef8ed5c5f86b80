package dev.kpsim.scenarios.derive;

import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Deterministic stand-in for kube-apiserver's NodePort allocator ({@code pkg/registry/core/service/portallocator}),
 * which picks at random: kpsim hands out the lowest free port of the range, skipping ports already used by any
 * Service (as nodePort or healthCheckNodePort). Mutable; one per load.
 */
public final class NodePortAllocator {
    private final int first;
    private final int last;
    private final Set<Integer> taken;

    public NodePortAllocator(int first, int last, Set<Integer> taken) {
        this.first = first;
        this.last = last;
        this.taken = new HashSet<>(taken);
    }

    /** The lowest free port, now taken; empty if the range is exhausted. O(range). */
    public OptionalInt allocate() {
        for (int p = first; p <= last; p++) {
            if (taken.add(p)) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }
}
