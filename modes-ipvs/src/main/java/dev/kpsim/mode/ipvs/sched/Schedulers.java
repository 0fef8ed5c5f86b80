package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * The schedulers kpsim reproduces, by kernel module name. kube-proxy passes any name to the kernel
 * ({@code --ipvs-scheduler}); lblc, lblcr, fo, ovf and twos exist in the kernel but are not modelled.
 */
public final class Schedulers {
    /** Names kpsim can simulate. */
    public static final List<String> SUPPORTED = List.of("rr", "wrr", "lc", "wlc", "sed", "nq", "sh", "dh", "mh");

    private Schedulers() {
    }

    /** A fresh scheduler for a virtual service with the given {@code ServiceFlags}; empty if not modelled. */
    public static Optional<Scheduler> create(String name, int flags) {
        return Optional.ofNullable(switch (name) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin();
            case "lc" -> new LeastConnection();
            case "wlc" -> WeightedLeastConnection.wlc();
            case "sed" -> WeightedLeastConnection.sed();
            case "nq" -> new NeverQueue();
            case "sh" -> new SourceHashing(flags);
            case "dh" -> new DestinationHashing();
            case "mh" -> new MaglevHashing(flags);
            default -> null;
        });
    }
}
