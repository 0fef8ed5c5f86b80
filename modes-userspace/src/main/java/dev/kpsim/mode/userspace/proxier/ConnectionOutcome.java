package dev.kpsim.mode.userspace.proxier;

/**
 * How the userspace proxier handled one accepted connection ({@code ProxyLoop} / {@code TryConnectEndpoints} in
 * {@code pkg/proxy/userspace/proxysocket.go}).
 */
public enum ConnectionOutcome {
    /** An endpoint was dialled and bytes are copied both ways. */
    PROXIED,
    /** A UDP datagram from a client with a live flow: sent on that flow, no new endpoint choice. */
    REUSED_UDP_FLOW,
    /** No such service port in the load balancer ({@code missing service entry}): the client connection is closed. */
    NO_SERVICE,
    /** The service port has no endpoints ({@code missing endpoints}): accepted, then closed. */
    NO_ENDPOINTS,
    /** All four dial attempts timed out ({@code failed to connect to an endpoint}): the client connection is closed. */
    DIAL_FAILED
}
