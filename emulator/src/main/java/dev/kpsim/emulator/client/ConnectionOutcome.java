package dev.kpsim.emulator.client;

/**
 * What one real connection attempt ended in, as the client socket saw it. JDK only.
 *
 * <ul>
 *   <li>{@code ANSWERED}: a responder's {@link dev.kpsim.emulator.responder.ReplyLine} arrived.</li>
 *   <li>{@code TIMEOUT}: nothing came back in time (a SYN or datagram silently dropped somewhere).</li>
 *   <li>{@code REFUSED}: TCP RST or ICMP port unreachable ({@code ECONNREFUSED}); kube-proxy's
 *       {@code -j REJECT} for a service without endpoints produces this.</li>
 *   <li>{@code UNREACHABLE}: ICMP host/network unreachable or prohibited ({@code EHOSTUNREACH},
 *       {@code ENETUNREACH}).</li>
 *   <li>{@code CLOSED}: the connection was accepted and closed without a reply (a userspace proxy that could
 *       not dial any endpoint does this).</li>
 *   <li>{@code ERROR}: a local failure, e.g. the source port could not be bound.</li>
 * </ul>
 */
public enum ConnectionOutcome {
    ANSWERED,
    TIMEOUT,
    REFUSED,
    UNREACHABLE,
    CLOSED,
    ERROR
}
