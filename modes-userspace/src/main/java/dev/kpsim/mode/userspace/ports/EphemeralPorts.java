package dev.kpsim.mode.userspace.ports;

import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.Rng;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The kernel's choice of a port when the proxy socket binds port 0 ({@code --proxy-port-range} unset): a port from
 * {@code net.ipv4.ip_local_port_range} (default 32768–60999) that is free for that protocol. kpsim simulates it as a
 * random start (seeded) and a forward scan with wrap-around, skipping ports already bound; TCP and UDP ports are
 * separate. This is a stand-in for {@code inet_csk_get_port}, not a copy of it: recent kernels prefer odd ports for
 * {@code bind()} and, with {@code SO_REUSEADDR}, the lower half of the range first, so real port numbers differ. Pin a
 * port ({@code userspaceProxyPorts}) to reproduce a known node. Mutable; lives inside one generation.
 */
public final class EphemeralPorts {
    /** Default {@code net.ipv4.ip_local_port_range} low end. */
    public static final int LOW = 32768;
    /** Default {@code net.ipv4.ip_local_port_range} high end (inclusive). */
    public static final int HIGH = 60999;

    private final Map<Protocol, TreeSet<Integer>> bound = new EnumMap<>(Protocol.class);
    private Rng rng;

    public EphemeralPorts(Rng rng) {
        this.rng = rng;
    }

    /** Records a port bound explicitly (a pinned or range-allocated proxy port). */
    public void markBound(Protocol protocol, int port) {
        bound.computeIfAbsent(protocol, p -> new TreeSet<>()).add(port);
    }

    /** True if the port is bound for that protocol. */
    public boolean isBound(Protocol protocol, int port) {
        return bound.getOrDefault(protocol, new TreeSet<>()).contains(port);
    }

    /** {@code bind(port 0)}: an unbound port of the range for {@code protocol}, now marked bound. */
    public int bindAny(Protocol protocol) throws PortAllocationException {
        int size = HIGH - LOW + 1;
        Rng.IntDraw d = rng.nextInt(size);
        rng = d.next();
        for (int k = 0; k < size; k++) {
            int port = LOW + (d.value() + k) % size;
            if (!isBound(protocol, port)) {
                markBound(protocol, port);
                return port;
            }
        }
        throw new PortAllocationException("listen " + protocol.lower() + " :0: bind: address already in use");
    }
}
