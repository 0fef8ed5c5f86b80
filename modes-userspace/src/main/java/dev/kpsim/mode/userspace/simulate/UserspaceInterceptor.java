package dev.kpsim.mode.userspace.simulate;

import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.InterceptContext;
import dev.kpsim.core.netfilter.engine.Interception;
import dev.kpsim.core.netfilter.engine.PacketInterceptor;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The userspace proxier's listening sockets inside the netfilter walk (historical mode, removed in kube-proxy 1.26):
 * a packet that survives LOCAL_IN addressed to a proxy port (after KUBE-PORTALS-CONTAINER's REDIRECT or
 * KUBE-PORTALS-HOST's DNAT) is accepted by the proxier ({@code proxysocket.go}), which picks an endpoint with
 * {@code LoadBalancerRR.NextEndpoint} and opens a new connection from the node to it. That connection's first packet
 * enters the node at OUTPUT as the second leg of the trace, with the source address the kernel picks for it, so the
 * endpoint sees the node, not the client (source IP loss). When no endpoint can be reached the proxier closes the
 * accepted TCP connection (the outcome is REJECT) or drops the UDP datagram.
 *
 * <p>A TCP packet other than a connection's first is data on an accepted connection and is left to the socket; every
 * UDP datagram is the proxier's (it keeps its own flows). Immutable; the proxier's state lives in the run's state
 * ({@link ProxierSession}); exploring outcomes looks at the proxier's choice without advancing it.
 */
public final class UserspaceInterceptor implements PacketInterceptor {
    private final UserspaceProxier initial;

    /** @param initial the proxier as generation left it (endpoints set, round robin at the start) */
    public UserspaceInterceptor(UserspaceProxier initial) {
        this.initial = initial;
    }

    @Override
    public Set<Point> points() {
        return EnumSet.of(Point.SOCKET);
    }

    @Override
    public Interception intercept(Point point, InterceptContext ctx) {
        Packet p = ctx.packet();
        if (ctx.replyDirection() || (p.protocol() == Protocol.TCP && !ctx.firstPacket())) {
            return Interception.PASS;
        }
        Optional<ProxierSession.Handoff> h = ProxierSession.in(ctx.state(), ctx.nodeName(), initial)
                .accept(p, ctx.nowMillis(), ctx.commit(), ctx::sourceAddressFor);
        if (h.isEmpty()) {
            return Interception.PASS;
        }
        return new Interception.Handoff(h.get().steps(), h.get().secondLeg(),
                p.protocol() == Protocol.UDP ? Verdict.DROP : Verdict.REJECT);
    }
}
