package dev.kpsim.core.netfilter.target;

/** A rule without {@code -j}: it matches and counts, and evaluation continues (kube-proxy's FW "other traffic" rule). */
public record NoTarget() implements Target {
    public static final NoTarget INSTANCE = new NoTarget();
}
