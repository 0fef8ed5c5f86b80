package dev.kpsim.core.engine.path;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a connection whose first packet the node's netfilter accepted can complete, given two things the rules
 * alone do not decide on a bridge-CNI node (pods behind {@code cni0}, other nodes' pod CIDRs routed over the uplink):
 *
 * <ol>
 *   <li><b>Hairpin</b> (reference/hairpin.md §2–5): a pod's packet DNATed back to the same pod must leave the bridge
 *       through the port it came in on. The bridge does that only with the port's hairpin flag
 *       ({@link HairpinMode#HAIRPIN_VETH}); even then the pod answers itself directly unless the packet was
 *       masqueraded (kube-proxy's {@code -s <podIP> -j KUBE-MARK-MASQ}), and the reply is never un-DNATed. With
 *       {@link HairpinMode#NONE} the bridge drops the frame; with {@link HairpinMode#PROMISCUOUS_BRIDGE} (no ebtables
 *       de-duplication) the Linux kernel classifies the copy it passes up as INVALID — observed on Linux 6.18 with
 *       both iptables and nftables data planes, see docs/emulate.md.</li>
 *   <li><b>The reply's way back</b>: a packet DNATed to a pod on another node without being masqueraded keeps its
 *       source; if that source is neither this node nor one of its pods (an external client, a pod on another node),
 *       the endpoint's node routes the reply straight to the source, the reply never passes this node's conntrack to
 *       be un-DNATed, the client drops an answer from an address it did not call, and the connection fails. This is
 *       why kube-proxy masquerades off-cluster traffic to ClusterIPs when it knows the cluster CIDR.</li>
 * </ol>
 *
 * Either way the outcome becomes {@code DROP} (the client sees a timeout), keeping its translated destination, with a
 * {@link Step.RoutingStep} that says why; when the bridge drops the frame, the hops stop before the FORWARD hook, which
 * the frame never reaches. Anything else is returned unchanged. Pure; O(hops) per outcome.
 */
public final class ConnectionPath {

    private ConnectionPath() {
    }

    /**
     * The outcome of {@code packet}'s connection after the bridge and the reply path had their say.
     *
     * @param mode       kubelet's hairpin mode, or null to leave a pod's connection to itself as netfilter decided it
     * @param recordHops whether to append the explaining step (false for simulators that record no hops)
     */
    public static Outcome apply(Packet packet, EntryPoint entry, NodeEnvironment env, HairpinMode mode, Outcome outcome,
                                boolean recordHops) {
        if (outcome.verdict() != Verdict.ACCEPT || outcome.destination() == null) {
            return outcome;
        }
        Optional<Step> why = hairpin(packet, entry, env, mode, outcome);
        boolean bridgeDrop = why.isPresent() && mode != HairpinMode.HAIRPIN_VETH;
        if (why.isEmpty()) {
            why = replyBypass(packet, env, outcome);
        }
        if (why.isEmpty()) {
            return outcome;
        }
        List<Step> hops = outcome.hops();
        if (recordHops) {
            hops = new ArrayList<>(bridgeDrop ? beforeForwarding(hops) : hops);
            hops.add(why.get());
        }
        return new Outcome(outcome.probability(), Verdict.DROP, outcome.destination(), outcome.masquerade(),
                outcome.newSource(), outcome.uncertain(), hops);
    }

    /**
     * The steps up to the FORWARD hook: a frame the bridge will not send back out of its port is dropped by the
     * bridge's forwarding decision, before br_netfilter runs the FORWARD and POSTROUTING hooks for it.
     */
    private static List<Step> beforeForwarding(List<Step> hops) {
        for (int i = 0; i < hops.size(); i++) {
            if (hops.get(i) instanceof Step.HookStep h && (h.hook() == Hook.FORWARD || h.hook() == Hook.POSTROUTING)) {
                return hops.subList(0, i);
            }
        }
        return hops;
    }

    /** The pod key of {@code ip} if it is a pod of this node (not the node or its bridge); empty otherwise. */
    static Optional<String> localPod(NodeEnvironment env, IpAddress ip) {
        String key = env.localPods().get(ip);
        if (key != null) {
            return Optional.of(key);
        }
        if (env.isLocalAddress(ip) || env.bridgeAddress(ip.family()).filter(ip::equals).isPresent()) {
            return Optional.empty();
        }
        return env.localPodCidrs().stream().anyMatch(c -> c.contains(ip)) ? Optional.of(ip.toString()) : Optional.empty();
    }

    private static Optional<Step> hairpin(Packet packet, EntryPoint entry, NodeEnvironment env, HairpinMode mode, Outcome o) {
        if (mode == null || entry != EntryPoint.PREROUTING) {
            return Optional.empty();
        }
        Optional<String> from = localPod(env, packet.source());
        Optional<String> to = localPod(env, o.destination().ip());
        if (from.isEmpty() || to.isEmpty() || !from.get().equals(to.get())) {
            return Optional.empty();
        }
        String pod = from.get();
        String bridge = env.bridge();
        return switch (mode) {
            case HAIRPIN_VETH -> o.masquerade() ? Optional.empty() : Optional.of(new Step.RoutingStep(
                    "hairpin to " + pod + " without masquerade fails",
                    "the bridge " + bridge + " sends the packet back to " + pod + " (hairpin flag on its port), but its source is still "
                            + packet.source() + ": the pod answers itself directly, the reply never passes the node to be un-DNATed from "
                            + o.destination() + " back to " + packet.destinationHostPort() + ", and the connection fails"));
            case NONE -> Optional.of(new Step.RoutingStep("bridge " + bridge + " drops the hairpin frame",
                    "the packet must leave through the port of " + pod + " it came in on, and that port has no hairpin flag "
                            + "(kubelet hairpin mode none): the connection times out"));
            case PROMISCUOUS_BRIDGE -> Optional.of(new Step.RoutingStep("bridge " + bridge + " in promiscuous mode loses the hairpin frame",
                    "the bridge does not send the packet back out of the port of " + pod + " it came in on (no hairpin flag); "
                            + "the copy promiscuous mode passes up to the node is INVALID to conntrack and never reaches the pod "
                            + "translated: the connection times out"));
        };
    }

    private static Optional<Step> replyBypass(Packet packet, NodeEnvironment env, Outcome o) {
        HostPort dst = o.destination();
        if (o.masquerade() || dst.equals(packet.destinationHostPort())) {
            return Optional.empty();
        }
        IpAddress src = packet.source();
        if (env.isLocalAddress(src) || env.bridgeAddress(src.family()).filter(src::equals).isPresent()
                || localPod(env, src).isPresent()) {
            return Optional.empty();
        }
        Optional<String> endpointNode = env.remoteNodeOf(dst.ip());
        if (endpointNode.isEmpty()) {
            return Optional.empty();
        }
        String via = env.remoteNodeOf(src).filter(endpointNode.get()::equals).isPresent()
                ? " inside " + endpointNode.get() : " via " + endpointNode.get();
        return Optional.of(new Step.RoutingStep("reply bypasses " + env.nodeName(),
                "reply from " + dst.ip() + " returns to " + src + via + ", never un-DNATed from " + dst + " back to "
                        + packet.destinationHostPort() + ": the packet was not masqueraded, so the connection fails"));
    }
}
