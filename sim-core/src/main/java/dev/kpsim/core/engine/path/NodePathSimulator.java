package dev.kpsim.core.engine.path;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node's netfilter simulator (any mode's) followed by what the node's routes and bridge do with the connection:
 * replies that would bypass the node, always; and, once a kubelet {@link HairpinMode} is given
 * ({@link #withHairpinMode}), what the bridge does with a pod's connection back to itself ({@link ConnectionPath}).
 * A generated data plane simulates with the reply path by default, so that {@code trace} and {@code simulate} agree
 * with the kernel; hairpin stays the netfilter result until a mode is chosen (the {@code hairpin} analysis judges the
 * modes itself, the emulator asks for each). The emulator checks both against the Linux kernel.
 *
 * <p>Immutable; the state stays the caller's. {@code outcomes} re-merges outcomes that end the same way after the
 * rewriting (probabilities added, first path's hops kept). Costs one pass over the inner simulator's outcomes.
 */
public final class NodePathSimulator implements Simulator {

    private final Simulator inner;
    private final NodeEnvironment env;
    /** Null: hairpins are left as netfilter decided them. */
    private final HairpinMode mode;
    private final boolean recordHops;

    private NodePathSimulator(Simulator inner, NodeEnvironment env, HairpinMode mode, boolean recordHops) {
        this.inner = inner;
        this.env = env;
        this.mode = mode;
        this.recordHops = recordHops;
    }

    /** {@code inner} on the node {@code env} describes, judging the reply path only. */
    public static NodePathSimulator wrap(Simulator inner, NodeEnvironment env) {
        return new NodePathSimulator(inner, env, null, true);
    }

    /** The same simulator with the bridge judging hairpins as kubelet's {@code mode} sets it up. */
    public NodePathSimulator withHairpinMode(HairpinMode m) {
        return new NodePathSimulator(inner, env, m, recordHops);
    }

    /** The hairpin mode hairpins are judged under; empty when they are left as netfilter decided them. */
    public Optional<HairpinMode> hairpinMode() {
        return Optional.ofNullable(mode);
    }

    /** The netfilter simulator alone, without the bridge and reply-path effects. */
    public Simulator inner() {
        return inner;
    }

    /**
     * {@code sim}'s netfilter alone: its inner simulator if it judges paths, else itself. For tools that answer what
     * the rules do and nothing more, as kube-proxy's own packet tracer does ({@code packetFlowTest}).
     */
    public static Simulator netfilterOnly(Simulator sim) {
        return sim instanceof NodePathSimulator n ? n.inner : sim;
    }

    public NodeEnvironment environment() {
        return env;
    }

    @Override
    public Outcome trace(Packet packet, EntryPoint entry, SimulationState state) {
        return ConnectionPath.apply(packet, entry, env, mode, inner.trace(packet, entry, state), recordHops);
    }

    @Override
    public List<Outcome> outcomes(Packet packet, EntryPoint entry, SimulationState state) {
        List<Outcome> merged = new ArrayList<>();
        for (Outcome o : inner.outcomes(packet, entry, state)) {
            Outcome r = ConnectionPath.apply(packet, entry, env, mode, o, recordHops);
            boolean found = false;
            for (int i = 0; i < merged.size() && !found; i++) {
                if (merged.get(i).sameEnd(r)) {
                    merged.set(i, merged.get(i).withProbability(merged.get(i).probability() + r.probability()));
                    found = true;
                }
            }
            if (!found) {
                merged.add(r);
            }
        }
        return List.copyOf(merged);
    }

    @Override
    public Simulator withoutHops() {
        return new NodePathSimulator(inner.withoutHops(), env, mode, false);
    }
}
