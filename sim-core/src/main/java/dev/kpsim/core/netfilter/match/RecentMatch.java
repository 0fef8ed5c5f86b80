package dev.kpsim.core.netfilter.match;

/**
 * {@code -m recent}: per-name lists of recently seen addresses, which kube-proxy uses for ClientIP session affinity
 * ({@code --rcheck --seconds T --reap} in KUBE-SVC, {@code --set} in KUBE-SEP). Null numbers are absent options.
 *
 * @param mode    SET, RCHECK, UPDATE or REMOVE
 * @param mask    the address mask as written, {@code 255.255.255.255} by default
 * @param source  true for {@code --rsource} (the default), false for {@code --rdest}
 */
public record RecentMatch(Mode mode, String name, Integer seconds, boolean reap, Integer hitcount, boolean rttl,
                          String mask, boolean source, boolean negated) implements Match {
    public enum Mode { SET, RCHECK, UPDATE, REMOVE }

    /** The list name kernel uses when none is given. */
    public static final String DEFAULT_NAME = "DEFAULT";
}
