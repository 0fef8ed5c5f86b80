package dev.kpsim.mode.ipvs.model;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Virtual-service flag bits ({@code IP_VS_SVC_F_*}, {@code include/uapi/linux/ip_vs.h}) and the scheduler-flag
 * names ipvsadm prints and parses ({@code print_sched_flags} / {@code parse_sched_flags} in ipvsadm 1.31).
 *
 * <p>kube-proxy sets {@link #PERSISTENT} for ClientIP affinity and {@link #SCHED2} ({@code FlagSourceHash},
 * {@code mh-port}) when the scheduler is {@code mh} ({@code pkg/proxy/ipvs/proxier.go}).
 */
public final class ServiceFlags {
    /** {@code IP_VS_SVC_F_PERSISTENT}: persistent port (session affinity). */
    public static final int PERSISTENT = 0x0001;
    /** {@code IP_VS_SVC_F_HASHED}: set by the kernel on hashed services; never printed. */
    public static final int HASHED = 0x0002;
    /** {@code IP_VS_SVC_F_ONEPACKET}: one-packet scheduling ({@code ops}). */
    public static final int ONEPACKET = 0x0004;
    /** {@code IP_VS_SVC_F_SCHED1}: {@code sh-fallback} / {@code mh-fallback} / {@code flag-1}. */
    public static final int SCHED1 = 0x0008;
    /** {@code IP_VS_SVC_F_SCHED2}: {@code sh-port} / {@code mh-port} / {@code flag-2}. */
    public static final int SCHED2 = 0x0010;
    /** {@code IP_VS_SVC_F_SCHED3}: {@code flag-3}. */
    public static final int SCHED3 = 0x0020;
    /** The three scheduler flag bits. */
    public static final int SCHED_MASK = SCHED1 | SCHED2 | SCHED3;

    private ServiceFlags() {
    }

    /**
     * The scheduler-flag names in ipvsadm's order for {@code scheduler}: {@code sh-fallback,sh-port} for sh,
     * {@code mh-fallback,mh-port} for mh, {@code flag-1,flag-2,flag-3} otherwise (sh and mh never print flag-3).
     */
    public static List<String> schedFlagNames(String scheduler, int flags) {
        List<String> out = new ArrayList<>(3);
        if (scheduler.equals("sh") || scheduler.equals("mh")) {
            if ((flags & SCHED1) != 0) {
                out.add(scheduler + "-fallback");
            }
            if ((flags & SCHED2) != 0) {
                out.add(scheduler + "-port");
            }
        } else {
            if ((flags & SCHED1) != 0) {
                out.add("flag-1");
            }
            if ((flags & SCHED2) != 0) {
                out.add("flag-2");
            }
            if ((flags & SCHED3) != 0) {
                out.add("flag-3");
            }
        }
        return out;
    }

    /**
     * The bit of one scheduler-flag name as ipvsadm accepts it with {@code -b}; empty if the name is unknown or
     * (like ipvsadm's "incompatible scheduler flag") belongs to another scheduler.
     */
    public static OptionalInt parseSchedFlag(String scheduler, String name) {
        switch (name) {
            case "flag-1":
                return OptionalInt.of(SCHED1);
            case "flag-2":
                return OptionalInt.of(SCHED2);
            case "flag-3":
                return OptionalInt.of(SCHED3);
            case "sh-fallback":
            case "mh-fallback":
                return name.startsWith(scheduler + "-") ? OptionalInt.of(SCHED1) : OptionalInt.empty();
            case "sh-port":
            case "mh-port":
                return name.startsWith(scheduler + "-") ? OptionalInt.of(SCHED2) : OptionalInt.empty();
            default:
                return OptionalInt.empty();
        }
    }
}
