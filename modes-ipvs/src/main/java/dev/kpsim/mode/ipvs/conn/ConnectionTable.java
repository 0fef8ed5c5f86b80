package dev.kpsim.mode.ipvs.conn;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import dev.kpsim.mode.ipvs.sched.Destination;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPVS connection table of one node on kpsim's logical clock (seconds, supplied by the caller; nothing reads a
 * wall clock): connections with their state and expiry, the per-destination active/inactive counters they drive (the
 * input of lc, wlc, sed and nq), and the persistence templates of ClientIP affinity.
 *
 * <p>Persistence follows {@code ip_vs_sched_persist} ({@code ip_vs_core.c}): the template key is (protocol, client
 * address masked with the service netmask, client port 0, virtual address, virtual port); a live template whose
 * destination still has weight above 0 sends the new connection there without calling the scheduler (with
 * {@code expire_quiescent_template=1}, which kube-proxy sets, a template of a weight-0 destination is dropped);
 * otherwise the scheduler picks and a template with the service timeout is created. A template expires
 * {@code timeout} seconds after its last use and never while connections it controls exist. Mutable; owned by one
 * simulation run.
 */
public final class ConnectionTable {
    private final ProtocolTimeouts timeouts;
    private final Map<String, IpvsConnection> conns = new LinkedHashMap<>();

    public ConnectionTable(ProtocolTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    public ProtocolTimeouts timeouts() {
        return timeouts;
    }

    private static String key(Protocol p, IpAddress client, int cport, VirtualServerKey svc) {
        return p + "|" + client + "|" + cport + "|" + svc;
    }

    /** The live connection of a flow, if any (expired entries are ignored). */
    public Optional<IpvsConnection> lookup(Protocol p, IpAddress client, int cport, VirtualServerKey svc, long now) {
        IpvsConnection c = conns.get(key(p, client, cport, svc));
        return c != null && c.expiresAt > now ? Optional.of(c) : Optional.empty();
    }

    /**
     * The destination a persistence template holds for this client, if a live one exists and its destination may
     * still take connections; a template of a weight-0 destination is removed ({@code expire_quiescent_template}).
     */
    public Optional<Destination> templateDestination(VirtualServer vs, IpAddress client, long now) {
        String k = key(vs.protocol(), mask(vs, client), 0, vs.key());
        IpvsConnection t = conns.get(k);
        if (t == null || t.expiresAt <= now && t.controlled == 0) {
            return Optional.empty();
        }
        if (t.destination().weight() <= 0) {
            if (t.controlled == 0) {
                conns.remove(k);
                t.destination().adjustCounters(0, 0, -1);
            }
            return Optional.empty();
        }
        return Optional.of(t.destination());
    }

    private static IpAddress mask(VirtualServer vs, IpAddress client) {
        if (vs.fullMask()) {
            return client;
        }
        if (client.isV4()) {
            return IpAddress.v4(client.v4Bits() & vs.netmask());
        }
        return new dev.kpsim.core.net.Cidr(client, vs.netmask()).address();
    }

    /**
     * Records a new connection to {@code dest} ({@code ip_vs_conn_new} + the first packet's state transition): a TCP
     * connection enters SYN_RECV (inactive), UDP its single state (active), SCTP is taken as established. For a
     * persistent service the client's template is created or refreshed to the service timeout.
     */
    public IpvsConnection open(VirtualServer vs, Destination dest, Protocol p, IpAddress client, int cport, long now) {
        ConnState st = p == Protocol.TCP ? ConnState.TCP_SYN_RECV : p == Protocol.UDP ? ConnState.UDP : ConnState.SCTP_ESTABLISHED;
        IpvsConnection c = new IpvsConnection(p, client, cport, vs.key(), dest, st, now + timeouts.timeout(st));
        dest.adjustCounters(st.active() ? 1 : 0, st.active() ? 0 : 1, 0);
        IpvsConnection old = conns.put(key(p, client, cport, vs.key()), c);
        if (old != null) {
            release(old);
        }
        if (vs.persistent()) {
            String tk = key(vs.protocol(), mask(vs, client), 0, vs.key());
            IpvsConnection t = conns.get(tk);
            if (t == null || t.destination() != dest) {
                if (t != null) {
                    t.destination().adjustCounters(0, 0, -1);
                }
                t = new IpvsConnection(vs.protocol(), mask(vs, client), 0, vs.key(), dest, ConnState.TEMPLATE, 0);
                dest.adjustCounters(0, 0, 1);
                conns.put(tk, t);
            }
            t.expiresAt = now + Integer.toUnsignedLong(vs.timeoutSeconds());
            t.controlled++;
            c.control = t;
        }
        return c;
    }

    /** Moves a connection to another state, adjusting its destination's active/inactive counters. */
    public void transition(IpvsConnection c, ConnState to, long now) {
        if (c.state.active() != to.active()) {
            c.destination().adjustCounters(to.active() ? 1 : -1, to.active() ? -1 : 1, 0);
        }
        c.state = to;
        c.expiresAt = now + timeouts.timeout(to);
    }

    /** Removes every entry that has expired by {@code now}; templates only once no connection depends on them. */
    public void expire(long now) {
        List<IpvsConnection> gone = new ArrayList<>();
        for (Iterator<IpvsConnection> it = conns.values().iterator(); it.hasNext(); ) {
            IpvsConnection c = it.next();
            if (!c.isTemplate() && c.expiresAt <= now) {
                gone.add(c);
                it.remove();
            }
        }
        gone.forEach(this::release);
        for (Iterator<IpvsConnection> it = conns.values().iterator(); it.hasNext(); ) {
            IpvsConnection c = it.next();
            if (c.isTemplate() && c.controlled == 0 && c.expiresAt <= now) {
                c.destination().adjustCounters(0, 0, -1);
                it.remove();
            }
        }
    }

    private void release(IpvsConnection c) {
        c.destination().adjustCounters(c.state.active() ? -1 : 0, c.state.active() ? 0 : -1, 0);
        if (c.control != null) {
            c.control.controlled--;
            c.control = null;
        }
    }

    /** Every live entry (connections and templates), in creation order. */
    public List<IpvsConnection> entries() {
        return List.copyOf(conns.values());
    }
}
