package dev.kpsim.mode.ipvs.sim;

import dev.kpsim.core.analysis.distribution.ConnectionLifetime;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.InterceptContext;
import dev.kpsim.core.netfilter.engine.Interception;
import dev.kpsim.core.netfilter.engine.PacketInterceptor;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import dev.kpsim.mode.ipvs.conn.ConnState;
import dev.kpsim.mode.ipvs.conn.ConnectionTable;
import dev.kpsim.mode.ipvs.conn.IpvsConnection;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.ipset.KubeIpSet;
import dev.kpsim.mode.ipvs.model.ForwardMethod;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.Destination;
import dev.kpsim.mode.ipvs.sched.ScheduleRequest;
import dev.kpsim.mode.ipvs.sched.Schedulers;
import dev.kpsim.mode.ipvs.sched.ServiceState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * IPVS inside the netfilter walk ({@code net/netfilter/ipvs/ip_vs_core.c}), for the masquerading (NAT) forwarding
 * kube-proxy uses.
 *
 * <p><b>Requests</b> ({@code ip_vs_in}, hooked at LOCAL_IN after filter INPUT for packets from pods and other hosts,
 * and at LOCAL_OUT after nat OUTPUT for the node's own processes): a packet of a known IPVS connection goes to that
 * connection's real server; otherwise, if its destination is a virtual service and it starts a connection (a TCP SYN,
 * any UDP datagram), the service's persistence template or its scheduler picks a real server
 * ({@code ip_vs_schedule}, {@code ip_vs_sched_persist}) and a connection is recorded. The destination is rewritten to
 * the real server and the packet is sent on from LOCAL_OUT ({@code ip_vs_nat_xmit}, {@code ip_vs_nat_send_or_cont}):
 * with {@code net.ipv4.vs.conntrack=1}, which kube-proxy sets, it keeps its conntrack entry, so filter OUTPUT and nat
 * POSTROUTING (KUBE-POSTROUTING's masquerade of marked packets and KUBE-LOOP-BACK's hairpin masquerade) apply. With
 * no destination available the packet is rejected with ICMP port unreachable ({@code ip_vs_leave}). A connection whose
 * client port is reused while the old one is closing is expired and scheduled anew ({@code conn_reuse_mode}).
 *
 * <p><b>Replies</b> ({@code ip_vs_out}, at FORWARD after filter, at LOCAL_IN before requests, at LOCAL_OUT for local
 * real servers): a packet from a real server to the client of one of its connections gets the virtual address and port
 * as its source.
 *
 * <p>The trace says what IPVS did ({@code IPVS: rr chose 10.244.0.7:9376 (weight 1, 0 active, 0 inactive)}, the
 * {@code IPVS DNAT} translation) and where IPVS mode differs from iptables mode: ClientIP affinity per virtual service
 * (cluster IP, each node port address and each load-balancer IP apart), hairpin through KUBE-LOOP-BACK, and
 * externalTrafficPolicy Local (no masquerade; with no local endpoint kube-proxy's fallback to every endpoint).
 *
 * <p>Immutable; the schedulers' positions and the connection table live in the run's state ({@link IpvsRuntime}).
 * Exploring outcomes peeks at the schedulers without moving them and records no connection. ICMP errors related to
 * IPVS connections are not modelled (they pass untouched).
 */
public final class IpvsInterceptor implements PacketInterceptor {
    private static final Set<Point> POINTS = EnumSet.of(Point.LOCAL_IN, Point.LOCAL_OUT, Point.FORWARD);

    private final IpvsTable table;
    private final IpsetIndex ipsets;
    private final ProtocolTimeouts timeouts;
    private final Predicate<IpAddress> localPod;

    /**
     * @param ipsets   the node's ipsets, to tell externalTrafficPolicy Local frontends ({@code KUBE-*-LOCAL} sets)
     * @param localPod whether an address is a pod on this node
     */
    public IpvsInterceptor(IpvsTable table, IpsetIndex ipsets, ProtocolTimeouts timeouts, Predicate<IpAddress> localPod) {
        this.table = table;
        this.ipsets = ipsets;
        this.timeouts = timeouts;
        this.localPod = localPod;
    }

    @Override
    public Set<Point> points() {
        return POINTS;
    }

    @Override
    public Interception intercept(Point point, InterceptContext ctx) {
        Packet p = ctx.packet();
        if (!p.protocol().hasPorts()) {
            return Interception.PASS;
        }
        IpvsRuntime rt = IpvsRuntime.of(ctx.state(), ctx.nodeName(), timeouts);
        ConnectionTable conns = rt.connections();
        conns.advance(ctx.nowMillis());
        Optional<IpvsConnection> reply = conns.lookupReply(p.protocol(), p.source(), p.sourcePort(), p.destination(),
                p.destinationPort());
        if (reply.isPresent()) {
            return reply(point, reply.get(), p, ctx, conns);
        }
        if (point == Point.FORWARD) {
            return Interception.PASS;
        }
        return request(point, p, ctx, rt);
    }

    private Interception reply(Point point, IpvsConnection c, Packet p, InterceptContext ctx, ConnectionTable conns) {
        if (ctx.commit()) {
            conns.touch(c, ctx.nowMillis());
        }
        Packet after = p.withSource(c.virtual().ip(), c.virtual().port());
        List<Step> steps = List.of(
                new Step.ModeStep("ipvs", "reply of IPVS connection " + c + " at " + point
                        + ": the source becomes the virtual service's"),
                new Step.TransformStep("IPVS un-DNAT", p, after));
        return new Interception.Rewrite(after, steps);
    }

    private Interception request(Point point, Packet p, InterceptContext ctx, IpvsRuntime rt) {
        ConnectionTable conns = rt.connections();
        long now = ctx.nowMillis();
        List<Step> steps = new ArrayList<>();
        Optional<IpvsConnection> existing = conns.lookup(p.protocol(), p.source(), p.sourcePort(), p.destination(),
                p.destinationPort());
        if (existing.isPresent()) {
            IpvsConnection c = existing.get();
            if (!(ctx.firstPacket() && closing(c.state()))) {
                if (ctx.commit()) {
                    conns.touch(c, now);
                }
                steps.add(new Step.ModeStep("ipvs", "existing IPVS connection " + c + " at " + point));
                return forward(c.destination(), table.get(c.service()).orElse(null), p, ctx, steps);
            }
            steps.add(new Step.ModeStep("ipvs", "a new connection reuses the client port of " + c
                    + ": the old one is expired and the new one scheduled (conn_reuse_mode)"));
            if (ctx.commit()) {
                conns.expireNow(c);
            }
        }
        Optional<VirtualServer> found = lookup(p);
        if (found.isEmpty() || (p.protocol() == Protocol.TCP && !ctx.firstPacket())) {
            return Interception.PASS;
        }
        VirtualServer vs = found.get();
        ServiceState st = rt.service(vs);
        steps.add(new Step.ModeStep("ipvs", "virtual service " + describe(vs) + " takes the packet at " + point
                + (point == Point.LOCAL_IN ? ", after filter INPUT" : ", after nat OUTPUT")));
        if (!Schedulers.SUPPORTED.contains(vs.scheduler())) {
            steps.add(new Step.UncertainStep("ipvs scheduler " + vs.scheduler(), "not modelled; kpsim schedules with rr"));
        }
        String sched = Schedulers.SUPPORTED.contains(vs.scheduler()) ? vs.scheduler() : "rr";
        Destination dest = null;
        if (vs.persistent()) {
            steps.add(new Step.ModeStep("ipvs", "ClientIP affinity: persistence keeps one template per client address"
                    + " and virtual service (address and port, ip_vs_sched_persist), so the cluster IP, each node port"
                    + " address and each load-balancer IP have their own; iptables mode shares one per service port"));
            Optional<Destination> held = conns.templateDestination(vs, p.source(), ctx.commit());
            if (held.isPresent()) {
                dest = held.get();
                steps.add(new Step.ModeStep("ipvs", "persistence template " + template(vs, p) + " holds "
                        + dest.name() + ": the scheduler is not asked"));
            }
        }
        if (dest == null) {
            ScheduleRequest req = new ScheduleRequest(p.source(), p.sourcePort(), p.destination(), p.destinationPort());
            Optional<Destination> d = ctx.commit() ? st.schedule(req) : st.peek(req);
            if (d.isEmpty()) {
                steps.add(new Step.ModeStep("ipvs", sched + " found no destination available (" + whyNone(st)
                        + "): ICMP port unreachable (ip_vs_leave)"));
                return new Interception.End(Verdict.REJECT, steps);
            }
            dest = d.get();
            steps.add(new Step.ModeStep("ipvs", sched + " chose " + dest.name() + " (weight " + dest.weight() + ", "
                    + dest.activeConns() + " active, " + dest.inactConns() + " inactive)"
                    + (vs.persistent() ? "; persistence template " + template(vs, p) + " created for "
                    + Integer.toUnsignedString(vs.timeoutSeconds()) + " s" : "")));
        }
        if (ctx.commit()) {
            conns.open(vs, dest, p.protocol(), p.source(), p.sourcePort(), p.destination(), p.destinationPort(), now,
                    ConnectionLifetime.planned(ctx.state()));
        }
        notes(vs, dest, p, steps);
        return forward(dest, vs, p, ctx, steps);
    }

    private Interception forward(Destination dest, VirtualServer vs, Packet p, InterceptContext ctx, List<Step> steps) {
        ForwardMethod method = vs == null ? ForwardMethod.MASQ : vs.realServers().stream()
                .filter(r -> r.address().equals(dest.address()) && r.port() == dest.port())
                .map(RealServer::forward).findFirst().orElse(ForwardMethod.MASQ);
        if (method == ForwardMethod.LOCAL) {
            steps.add(new Step.ModeStep("ipvs", "Local forwarding: the packet goes on to this node's sockets unchanged"));
            return new Interception.Rewrite(p, steps);
        }
        if (method != ForwardMethod.MASQ) {
            steps.add(new Step.UncertainStep("ipvs forwarding " + method.listName(), "not modelled; kpsim treats it as Masq"));
        }
        Packet after = p.withDestination(dest.address(), dest.port());
        steps.add(new Step.TransformStep("IPVS DNAT", p, after));
        if (ctx.isLocalAddress(dest.address())) {
            steps.add(new Step.ModeStep("ipvs", "the real server is this node: the packet goes on to its sockets"));
            return new Interception.Rewrite(after, steps);
        }
        steps.add(new Step.ModeStep("ipvs", "Masq: sent on from LOCAL_OUT with its conntrack entry"
                + " (net.ipv4.vs.conntrack=1), so nat POSTROUTING sees it"));
        return new Interception.Reinject(after, steps);
    }

    /** The notes on what IPVS mode does differently from iptables mode for this connection. */
    private void notes(VirtualServer vs, Destination dest, Packet p, List<Step> steps) {
        if (dest.address().equals(p.source())) {
            steps.add(new Step.ModeStep("ipvs", "hairpin: the real server is the client itself; nat POSTROUTING's"
                    + " KUBE-LOOP-BACK rule (--match-set KUBE-LOOP-BACK dst,dst,src) masquerades it, so the reply comes"
                    + " back through the node"));
        }
        Optional<String> localSet = externalLocalSet(vs);
        if (localSet.isPresent()) {
            if (localPod.test(dest.address())) {
                steps.add(new Step.ModeStep("ipvs", "externalTrafficPolicy: Local: the virtual service holds this node's"
                        + " endpoints only, and " + localSet.get() + " lets the packet skip KUBE-MARK-MASQ: the pod sees the"
                        + " client's address"));
            } else {
                steps.add(new Step.ModeStep("ipvs", "externalTrafficPolicy: Local without an endpoint on this node:"
                        + " kube-proxy gives the virtual service every endpoint (IPVS syncEndpoint's fallback) where"
                        + " iptables mode drops; the packet is not masqueraded (" + localSet.get() + "), so "
                        + dest.name() + "'s reply does not come back through this node"));
            }
        }
    }

    /** The {@code KUBE-*-LOCAL} ipset that marks {@code vs} as an externalTrafficPolicy Local frontend, if any. */
    Optional<String> externalLocalSet(VirtualServer vs) {
        if (vs.fwmark() != 0) {
            return Optional.empty();
        }
        IpFamily f = vs.family();
        Protocol proto = vs.protocol();
        boolean clusterIp = vs.frontend() == Frontend.CLUSTER_IP
                || ipsets.containsIpPort(KubeIpSet.CLUSTER_IP.name(f), vs.address(), proto, vs.port());
        if (clusterIp) {
            return Optional.empty();
        }
        for (KubeIpSet s : List.of(KubeIpSet.LOAD_BALANCER_LOCAL, KubeIpSet.EXTERNAL_IP_LOCAL)) {
            if (ipsets.containsIpPort(s.name(f), vs.address(), proto, vs.port())) {
                return Optional.of(s.name(f));
            }
        }
        if (vs.frontend() != Frontend.NODE_PORT && vs.frontend() != Frontend.UNKNOWN) {
            return Optional.empty();
        }
        KubeIpSet np = switch (proto) {
            case TCP -> KubeIpSet.NODE_PORT_LOCAL_TCP;
            case UDP -> KubeIpSet.NODE_PORT_LOCAL_UDP;
            default -> KubeIpSet.NODE_PORT_LOCAL_SCTP;
        };
        boolean local = np == KubeIpSet.NODE_PORT_LOCAL_SCTP
                ? ipsets.containsIpPort(np.name(f), vs.address(), proto, vs.port())
                : ipsets.containsPort(np.name(f), vs.port());
        return local ? Optional.of(np.name(f)) : Optional.empty();
    }

    /** {@code ip_vs_service_find}, then a firewall-mark service for the packet's mark ({@code ip_vs_svc_fwm_find}). */
    private Optional<VirtualServer> lookup(Packet p) {
        Optional<VirtualServer> vs = table.lookup(p.protocol(), p.destination(), p.destinationPort());
        if (vs.isPresent() || p.mark() == 0) {
            return vs;
        }
        return table.get(new VirtualServerKey(null, null, 0, p.mark(), p.destination().family()));
    }

    private static boolean closing(ConnState s) {
        return s == ConnState.TCP_TIME_WAIT || s == ConnState.TCP_CLOSE || s == ConnState.TCP_FIN_WAIT
                || s == ConnState.TCP_CLOSE_WAIT || s == ConnState.TCP_LAST_ACK || s == ConnState.SCTP_CLOSED;
    }

    private static String whyNone(ServiceState st) {
        List<Destination> ds = st.destinations();
        if (ds.isEmpty()) {
            return "the virtual service has no real servers";
        }
        if (ds.stream().allMatch(d -> d.weight() <= 0)) {
            return "every real server has weight 0";
        }
        return "the destination " + st.scheduler().name() + " maps the packet to has weight 0";
    }

    /** {@code TCP 10.0.1.175:80 rr (default/hostnames, cluster IP)}, with {@code persistent N} when set. */
    private static String describe(VirtualServer vs) {
        StringBuilder sb = new StringBuilder();
        sb.append(vs.fwmark() != 0 ? "FWM " + vs.fwmark() : vs.protocol().name() + " " + new HostPort(
                vs.address(), vs.port())).append(' ').append(vs.scheduler());
        if (vs.persistent()) {
            sb.append(" persistent ").append(Integer.toUnsignedString(vs.timeoutSeconds()));
        }
        List<String> what = new ArrayList<>();
        if (vs.servicePort() != null) {
            what.add(vs.servicePort());
        }
        switch (vs.frontend()) {
            case CLUSTER_IP -> what.add("cluster IP");
            case EXTERNAL_IP -> what.add("external IP");
            case LOAD_BALANCER -> what.add("load-balancer IP");
            case NODE_PORT -> what.add("node port");
            default -> {
            }
        }
        if (!what.isEmpty()) {
            sb.append(" (").append(String.join(", ", what)).append(')');
        }
        return sb.toString();
    }

    /** The persistence template's key as the kernel builds it: {@code <TCP 10.244.0.5:0 -> 10.0.1.175:80>}. */
    private static String template(VirtualServer vs, Packet p) {
        return "<" + p.protocol().name() + " " + new HostPort(p.source(), 0) + " -> "
                + new HostPort(p.destination(), p.destinationPort()) + ">";
    }
}
