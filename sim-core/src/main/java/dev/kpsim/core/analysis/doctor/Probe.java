package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.distribution.ExactBasis;
import dev.kpsim.core.analysis.reach.Spread;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.engine.EntryPoints;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * One probe: new connections from a client to a frontend, followed through a node's simulator along every branch
 * ({@code outcomes}, exact probabilities, fresh state). The packet enters where the kernel would take it in
 * ({@link EntryPoints#defaultFor}). When the choice depends on state rather than chance (an IPVS scheduler, the
 * userspace proxier's round robin) the probe is a sequence of new connections and its outcomes are their average: for
 * a deterministic scheduler, each endpoint's share of the sequence. From a fresh state this is {@code reach}'s
 * {@link Spread}; within a given state (event replay) a short sequence of {@code 2 x endpoints} connections.
 *
 * @param sequence how many new connections the outcomes average over (1 for a single connection)
 */
public record Probe(Packet packet, EntryPoint entry, List<Outcome> outcomes, int sequence) {

    /** The source port every probe uses (the first of Linux's default ephemeral range); a sequence counts up from it. */
    public static final int SOURCE_PORT = 32768;

    public Probe {
        outcomes = List.copyOf(outcomes);
    }

    public Probe(Packet packet, EntryPoint entry, List<Outcome> outcomes) {
        this(packet, entry, outcomes, 1);
    }

    /**
     * Runs a probe from {@code source} to {@code destination} from a fresh state: the exact spread of new connections
     * as {@code reach} computes it ({@link Spread}: the first connection's outcomes, or for a deterministic chooser a
     * long sequence spaced past every affinity timeout).
     */
    public static Probe run(NodeSubject subject, Simulator sim, Protocol protocol, IpAddress source, HostPort destination) {
        Packet p = Packet.of(protocol, new HostPort(source, SOURCE_PORT), destination);
        EntryPoint entry = EntryPoints.defaultFor(p, subject.environment());
        Spread.Result spread = Spread.of(sim, p, entry);
        return new Probe(p, entry, spread.outcomes(), spread.basis() == ExactBasis.SEQUENCE ? Spread.SEQUENCE : 1);
    }

    /** Runs a probe from {@code client} to {@code frontend} from a fresh state ({@link #run(NodeSubject, Simulator, Protocol, IpAddress, HostPort)}). */
    public static Probe run(NodeSubject subject, Simulator sim, Client client, Frontend frontend) {
        return run(subject, sim, frontend.protocol(), client.address(), frontend.address());
    }

    /**
     * Runs a probe in {@code state} from source port {@code port} on: the first connection's exact outcomes, or, when
     * its end is one certain endpoint while {@code endpoints} are expected, a sequence of {@code 2 x endpoints}
     * connections that advances the state.
     */
    public static Probe run(NodeSubject subject, Simulator sim, Protocol protocol, IpAddress source, HostPort destination,
                            int endpoints, SimulationState state, int port) {
        Packet p = Packet.of(protocol, new HostPort(source, port), destination);
        EntryPoint entry = EntryPoints.defaultFor(p, subject.environment());
        List<Outcome> first = sim.outcomes(p, entry, state);
        boolean certain = first.size() == 1 && first.get(0).verdict() == dev.kpsim.core.trace.Verdict.ACCEPT
                && first.get(0).destination() != null && !first.get(0).destination().equals(destination);
        if (!certain || endpoints <= 1) {
            return new Probe(p, entry, first, 1);
        }
        int n = 2 * endpoints;
        List<Outcome> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Packet pi = p.withSource(source, port + i);
            for (Outcome o : sim.outcomes(pi, entry, state)) {
                all.add(o.withProbability(o.probability() / n));
            }
            sim.trace(pi, entry, state);
        }
        return new Probe(p, entry, all, n);
    }

    public Delivery delivery() {
        return Delivery.of(packet.destinationHostPort(), outcomes);
    }

    /** The rules that decided a DROP or REJECT: the last matched rule of each such path, as {@code rules} prints it. */
    public List<String> verdictRules(RuleInventory rules) {
        List<String> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.verdict() == dev.kpsim.core.trace.Verdict.ACCEPT) {
                continue;
            }
            Step.RuleStep last = null;
            for (Step s : o.hops()) {
                if (s instanceof Step.RuleStep r) {
                    last = r;
                }
            }
            if (last != null) {
                String line = rules.line(packet.destination().family(), last);
                if (!out.contains(line)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /** Every distinct rule that matched along the paths reaching {@code endpoint} (DNAT to it), in path order. */
    public List<String> rulesTo(HostPort endpoint, RuleInventory rules) {
        List<String> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (endpoint.equals(o.destination())) {
                for (Step s : o.hops()) {
                    if (s instanceof Step.RuleStep r && !out.contains(rules.line(packet.destination().family(), r))) {
                        out.add(rules.line(packet.destination().family(), r));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Expected number of rules evaluated for this new connection (probability-weighted over its paths): in each chain
     * visited, the rules up to the last one that matched; a chain left without a match counts whole. Mirrors the
     * linear walk of {@code ipt_do_table}: rule k of KUBE-SERVICES costs k evaluations; an nft verdict map costs one.
     */
    public double rulesWalked(RuleInventory rules) {
        double total = 0;
        for (Outcome o : outcomes) {
            total += o.probability() * walked(o, rules);
        }
        return total;
    }

    private int walked(Outcome o, RuleInventory rules) {
        List<int[]> visits = new ArrayList<>();
        List<String> visitKeys = new ArrayList<>();
        int sum = 0;
        for (Step s : o.hops()) {
            if (s instanceof Step.ChainStep c) {
                visitKeys.add(c.table() + "\u0000" + c.chain());
                visits.add(new int[] {0, rules.chainLength(packet.destination().family(), c.table(), c.chain())});
            } else if (s instanceof Step.RuleStep r) {
                bump(visits, visitKeys, r.table(), r.chain(), r.ruleNumber());
            } else if (s instanceof Step.BranchStep b) {
                bump(visits, visitKeys, b.table(), b.chain(), b.ruleNumber());
            } else if (s instanceof Step.PolicyStep p) {
                int k = last(visitKeys, p.table(), p.chain());
                if (k >= 0) {
                    visits.get(k)[0] = Math.max(visits.get(k)[0], visits.get(k)[1]);
                }
            }
        }
        for (int[] v : visits) {
            sum += v[0] == 0 ? v[1] : v[0];
        }
        return sum;
    }

    private static void bump(List<int[]> visits, List<String> keys, String table, String chain, int rule) {
        int k = last(keys, table, chain);
        if (k >= 0) {
            visits.get(k)[0] = Math.max(visits.get(k)[0], rule);
        }
    }

    private static int last(List<String> keys, String table, String chain) {
        return keys.lastIndexOf(table + "\u0000" + chain);
    }
}
