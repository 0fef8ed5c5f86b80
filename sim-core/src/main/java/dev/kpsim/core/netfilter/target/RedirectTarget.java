package dev.kpsim.core.netfilter.target;

/**
 * {@code -j REDIRECT [--to-ports P[-Q]]}: DNAT to the primary address of the incoming interface (127.0.0.1 for
 * locally generated packets) — the userspace proxier's portal rules.
 */
public record RedirectTarget(String toPorts, boolean random) implements Target {
}
