package dev.kpsim.mode.userspace.proxier;

/**
 * One line the userspace proxier wrote through klog: its severity ({@code I} info, {@code E} error), the {@code -v}
 * level needed to see it (0 for unconditional lines and errors) and the message exactly as kube-proxy formatted it.
 *
 * <p>Messages are the printf-style texts of {@code pkg/proxy/userspace/proxier.go}, {@code roundrobin.go} and
 * {@code proxysocket.go} up to kube-proxy 1.20 (the era of the Debug Services page). From 1.21 ({@code proxier.go})
 * and 1.23 ({@code roundrobin.go}, {@code proxysocket.go}; kubernetes PRs #97837, #104931) the same events were logged
 * as structured key/value lines, which kpsim does not reproduce. klog's header (date, time, thread id,
 * {@code file:line]}) is left out because it is not reproducible; {@link #toString()} prints
 * {@code I [v1] message} instead.
 */
public record ProxierLogLine(char severity, int verbosity, String message) {

    /** An info line visible from {@code -v=verbosity}. */
    public static ProxierLogLine info(int verbosity, String message) {
        return new ProxierLogLine('I', verbosity, message);
    }

    /** An error line (always visible). */
    public static ProxierLogLine error(String message) {
        return new ProxierLogLine('E', 0, message);
    }

    /** {@code I [v1] message}: severity, the {@code -v} level, then the message. */
    @Override
    public String toString() {
        return severity + " [v" + verbosity + "] " + message;
    }
}
