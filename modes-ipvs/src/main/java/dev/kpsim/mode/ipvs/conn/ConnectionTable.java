package dev.kpsim.mode.ipvs.conn;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.Destination;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * The IPVS connection table of one node on kpsim's clock (milliseconds, supplied by the caller; nothing reads a wall
 * clock): connections with their state and expiry, the per-destination active/inactive counters they drive (the
 * input of lc, wlc, sed and nq), and the persistence templates of ClientIP affinity ({@code net/netfilter/ipvs/
 * ip_vs_conn.c}, {@code ip_vs_core.c}).
 *
 * <p><b>Lookups.</b> A packet from a client finds its connection by (protocol, client address and port, virtual
 * address and port), {@code ip_vs_conn_in_get}; a reply from a real server by (protocol, real server address and port,
 * client address and port), {@code ip_vs_conn_out_get}.
 *
 * <p><b>Life of a connection.</b> The first packet of a TCP connection (a SYN) leaves it in SYN_RECV, inactive, for
 * 60 s; a UDP connection is active for the UDP timeout after its last packet. When the workload plans a lifetime
 * (what {@code kpsim simulate --connection-duration} does) the connection is taken as established at once (active)
 * until it closes, then lingers inactive in TIME_WAIT for 2 minutes (TCP), or stays until the UDP timeout after its
 * last packet (UDP), before it expires and leaves its destination's counters.
 *
 * <p><b>Persistence</b> follows {@code ip_vs_sched_persist}: the template key is (protocol, client address masked
 * with the service netmask, client port 0, virtual service); a live template whose destination still has weight above
 * 0 sends the new connection there without calling the scheduler (with {@code expire_quiescent_template=1}, which
 * kube-proxy sets, a template of a weight-0 destination is invalidated on lookup); otherwise the scheduler picks and
 * a template is created. Every use re-arms the template's timer to the service timeout, and a timer that fires while
 * connections it controls exist is re-armed again ({@code ip_vs_conn_expire}), so a template outlives its last
 * connection by up to one timeout.
 *
 * <p>Deadlines are kept in a priority queue and applied by {@link #advance}, so a packet costs O(log entries) plus
 * the entries that expired since the last one. Mutable; owned by one simulation run.
 */
public final class ConnectionTable {
    private final ProtocolTimeouts timeouts;
    private final Map<Key, IpvsConnection> in = new LinkedHashMap<>();
    private final Map<Key, IpvsConnection> out = new HashMap<>();
    private final Map<TemplateKey, IpvsConnection> templates = new LinkedHashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private long sequence;

    public ConnectionTable(ProtocolTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public ProtocolTimeouts timeouts() {
        return timeouts;
    }

    private record Key(Protocol protocol, IpAddress a, int aPort, IpAddress b, int bPort) {
    }

    private record TemplateKey(Protocol protocol, IpAddress clientNet, VirtualServerKey service) {
    }

    private record Deadline(long at, long sequence, IpvsConnection connection) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }

    private long millis(ConnState s) {
        return timeouts.timeout(s) * 1000L;
    }

    /** Applies every close and expiry due by {@code now}, in time order. */
    public void advance(long now) {
        while (!deadlines.isEmpty() && deadlines.peek().at() <= now) {
            Deadline d = deadlines.poll();
            IpvsConnection c = d.connection();
            if (c.gone || c.deadline != d.at()) {
                continue;
            }
            fire(c, d.at());
        }
    }

    private void fire(IpvsConnection c, long at) {
        if (c.isTemplate()) {
            if (c.controlled > 0) {
                c.expiresAt = at + c.rearmMillis;
                schedule(c, c.expiresAt);
            } else {
                templates.values().remove(c);
                c.gone = true;
                c.destination().adjustCounters(0, 0, -1);
            }
            return;
        }
        if (c.closesAt >= 0 && at == c.closesAt && c.expiresAt < 0) {
            ConnState closed = switch (c.protocol()) {
                case TCP -> ConnState.TCP_TIME_WAIT;
                case SCTP -> ConnState.SCTP_CLOSED;
                default -> c.state;
            };
            move(c, closed);
            c.expiresAt = at + millis(closed);
            schedule(c, c.expiresAt);
            return;
        }
        remove(c);
    }

    private void schedule(IpvsConnection c, long at) {
        c.deadline = at;
        deadlines.add(new Deadline(at, sequence++, c));
    }

    private void move(IpvsConnection c, ConnState to) {
        if (c.state.active() != to.active()) {
            c.destination().adjustCounters(to.active() ? 1 : -1, to.active() ? -1 : 1, 0);
        }
        c.state = to;
    }

    private void remove(IpvsConnection c) {
        if (c.gone) {
            return;
        }
        c.gone = true;
        in.remove(inKey(c), c);
        out.remove(outKey(c), c);
        c.destination().adjustCounters(c.state.active() ? -1 : 0, c.state.active() ? 0 : -1, 0);
        if (c.control != null) {
            c.control.controlled--;
            c.control = null;
        }
    }

    private static Key inKey(IpvsConnection c) {
        return new Key(c.protocol(), c.client(), c.clientPort(), c.virtual().ip(), c.virtual().port());
    }

    private static Key outKey(IpvsConnection c) {
        return new Key(c.protocol(), c.destination().address(), c.destination().port(), c.client(), c.clientPort());
    }

    /** The live connection of a client's flow to a virtual address and port, if any. */
    public Optional<IpvsConnection> lookup(Protocol p, IpAddress client, int cport, IpAddress vaddr, int vport) {
        return Optional.ofNullable(in.get(new Key(p, client, cport, vaddr, vport)));
    }

    /** The live connection a real server's packet to {@code client:cport} replies to, if any. */
    public Optional<IpvsConnection> lookupReply(Protocol p, IpAddress server, int sport, IpAddress client, int cport) {
        return Optional.ofNullable(out.get(new Key(p, server, sport, client, cport)));
    }

    private static TemplateKey templateKey(VirtualServer vs, IpAddress client) {
        return new TemplateKey(vs.fwmark() != 0 ? null : vs.protocol(), mask(vs, client), vs.key());
    }

    /**
     * The destination a live persistence template holds for this client ({@code ip_vs_ct_in_get} +
     * {@code ip_vs_check_template}); empty if there is none or its destination has weight 0. With {@code invalidate}
     * such a template is dropped from the lookups ({@code expire_quiescent_template}); without, nothing changes.
     */
    public Optional<Destination> templateDestination(VirtualServer vs, IpAddress client, boolean invalidate) {
        TemplateKey k = templateKey(vs, client);
        IpvsConnection t = templates.get(k);
        if (t == null) {
            return Optional.empty();
        }
        if (t.destination().weight() <= 0) {
            if (invalidate) {
                templates.remove(k);
                t.destination().adjustCounters(0, 0, -1);
                t.gone = true;
            }
            return Optional.empty();
        }
        return Optional.of(t.destination());
    }

    /** The client address masked with the service netmask (kube-proxy: /32 or /128, i.e. unchanged). */
    static IpAddress mask(VirtualServer vs, IpAddress client) {
        if (vs.fullMask()) {
            return client;
        }
        if (client.isV4()) {
            return IpAddress.v4(client.v4Bits() & vs.netmask());
        }
        return new Cidr(client, vs.netmask()).address();
    }

    /**
     * Records a new connection to {@code dest} ({@code ip_vs_conn_new}, {@code ip_vs_bind_dest}, the first packet's
     * state transition). For a persistent service the client's template is created, or re-armed, to the service
     * timeout.
     *
     * @param lifetimeMillis how long the workload keeps the connection open, or -1 if unknown (a lone first packet)
     */
    public IpvsConnection open(VirtualServer vs, Destination dest, Protocol p, IpAddress client, int cport,
                               IpAddress vaddr, int vport, long now, long lifetimeMillis) {
        boolean planned = lifetimeMillis >= 0;
        ConnState st = switch (p) {
            case TCP -> planned ? ConnState.TCP_ESTABLISHED : ConnState.TCP_SYN_RECV;
            case UDP -> ConnState.UDP;
            default -> ConnState.SCTP_ESTABLISHED;
        };
        IpvsConnection c = new IpvsConnection(p, client, cport, vaddr, vport, vs.key(), dest, st, -1);
        dest.adjustCounters(st.active() ? 1 : 0, st.active() ? 0 : 1, 0);
        IpvsConnection old = in.get(inKey(c));
        if (old != null) {
            remove(old);
        }
        IpvsConnection shadowed = out.get(outKey(c));
        if (shadowed != null) {
            remove(shadowed);
        }
        in.put(inKey(c), c);
        out.put(outKey(c), c);
        if (planned) {
            c.closesAt = now + lifetimeMillis;
            schedule(c, c.closesAt);
        } else {
            c.expiresAt = now + millis(st);
            schedule(c, c.expiresAt);
        }
        if (vs.persistent()) {
            TemplateKey tk = templateKey(vs, client);
            IpvsConnection t = templates.get(tk);
            if (t == null || t.destination() != dest) {
                if (t != null) {
                    t.destination().adjustCounters(0, 0, -1);
                    t.gone = true;
                }
                t = new IpvsConnection(vs.protocol(), tk.clientNet(), 0, vs.address(), vs.port(), vs.key(), dest,
                        ConnState.TEMPLATE, 0);
                t.rearmMillis = Integer.toUnsignedLong(vs.timeoutSeconds()) * 1000L;
                dest.adjustCounters(0, 0, 1);
                templates.put(tk, t);
            }
            t.expiresAt = now + t.rearmMillis;
            schedule(t, t.expiresAt);
            t.controlled++;
            c.control = t;
        }
        return c;
    }

    /**
     * A later packet of {@code c}: an unplanned connection's timer restarts from {@code now} with its state's timeout
     * (a planned one is kept alive by the workload until it closes).
     */
    public void touch(IpvsConnection c, long now) {
        if (c.closesAt < 0 || c.expiresAt >= 0) {
            c.expiresAt = now + millis(c.state);
            schedule(c, c.expiresAt);
        }
    }

    /** Ends a connection at once (a new connection reusing the client port of one that is closing). */
    public void expireNow(IpvsConnection c) {
        remove(c);
    }

    /** Every live connection, then every live template, in creation order. */
    public List<IpvsConnection> entries() {
        List<IpvsConnection> all = new ArrayList<>(in.values());
        all.addAll(templates.values());
        return List.copyOf(all);
    }
}
