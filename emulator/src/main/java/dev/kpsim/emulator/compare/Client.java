package dev.kpsim.emulator.compare;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.emulator.experiment.TrafficSource;

/**
 * Who connects in one comparison: a kind of client (as the reachability matrix names them), where its connections
 * start, and the address they come from.
 *
 * @param label for reports: {@code local pod default/client (10.244.1.9)}
 */
public record Client(Kind kind, TrafficSource source, IpAddress address, String label) {

    /** The kinds of client a frontend is tried from. */
    public enum Kind {
        /** A pod on the node under test. */
        LOCAL_POD,
        /** A pod on another node whose packets reach the node under test (a NodePort on its address). */
        REMOTE_POD,
        /** The node under test itself (its own network namespace). */
        NODE,
        /** The external client at its default address (outside every loadBalancerSourceRanges range). */
        EXTERNAL,
        /** The external client at an address inside the frontend's loadBalancerSourceRanges. */
        EXTERNAL_ALLOWED
    }
}
