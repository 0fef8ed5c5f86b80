package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.engine.path.HairpinMode;
/**
 * The Linux bridge's part in hairpin traffic, encoded in one place with its evidence. kpsim's packet simulators stop at
 * netfilter; whether the bridge then delivers a frame, and whether the pod's answer finds its way back, is decided
 * here. Everything below assumes the bridge CNI layout kpsim models (pods on {@code cni0} through veth ports, the
 * pod's default route via the bridge's address).
 *
 * <h2>Observed (reference/hairpin.md §5: Linux 6.18, iptables 1.8.9 nf_tables backend, bridge-nf-call-iptables=1;
 * reproduced by the emulator's {@code dev.kpsim.emulator.experiment.HairpinIT})</h2>
 * <ul>
 *   <li>{@code none}: connections DNATed back to the client pod time out; all others work.</li>
 *   <li>{@code hairpin-veth}: every connection works, the pod sees the bridge address as the source of its
 *       self-connections (kube-proxy's {@code -s <podIP> -j KUBE-MARK-MASQ} and MASQUERADE).</li>
 *   <li>{@code hairpin-veth} without that masquerade rule: self-connections time out.</li>
 *   <li>{@code promiscuous-bridge} without kubenet's ebtables de-duplication: self-connections fail; conntrack
 *       classifies those packets INVALID and KUBE-FORWARD's INVALID drop discards them. They fail as well where the
 *       forward path has no INVALID drop (kube-proxy's nftables mode; {@code kpsim emulate}, docs/emulate.md).</li>
 * </ul>
 *
 * <h2>Derived from the kernel's source (not observed by kpsim)</h2>
 * <ul>
 *   <li>A frame is never sent back out of the bridge port it arrived on unless that port has the hairpin flag
 *       ({@code net/bridge/br_forward.c}, {@code should_deliver}). With {@code bridge-nf-call-iptables=1},
 *       {@code br_nf_pre_routing_finish} ({@code net/bridge/br_netfilter_hooks.c}) re-injects a frame whose
 *       destination PREROUTING DNAT changed to an address routed out of the same bridge as a bridged frame
 *       ("bridged_dnat"), so a pod→service→same pod frame meets that rule.</li>
 *   <li>A frame addressed to the bridge's own MAC (the pod's gateway) that nothing DNATs while bridged is handed up
 *       to the host, and what the host then sends to a pod leaves through the bridge device itself, which may deliver
 *       to any port. That is the path with {@code bridge-nf-call-iptables=0} (iptables never sees bridged frames and
 *       the host's own PREROUTING does the DNAT), and the path of IPVS (which translates at LOCAL_IN) and of the
 *       userspace proxy (which opens its own connection from the node).</li>
 *   <li>An unmasqueraded self-connection arrives with the pod's own address as source; the pod's answer stays inside
 *       the pod and never meets the node's conntrack, so it is never un-DNATed (reference/hairpin.md §3).</li>
 *   <li>With {@code bridge-nf-call-iptables=0}, a reply from a pod to another pod of the same bridge is bridged
 *       without conntrack seeing it: a connection DNATed to a pod on the client's own node is only answered correctly
 *       when it was masqueraded (the reply then goes to the bridge address and up through the host).</li>
 * </ul>
 */
public final class BridgeKernelFacts {
    private BridgeKernelFacts() {
    }

    static final String OBSERVED = "observed: reference/hairpin.md §5 (Linux 6.18, bridge-nf-call-iptables=1), "
            + "emulator HairpinIT";
    static final String OBSERVED_NO_INVALID_DROP = "observed: kpsim emulate, kube-proxy's nftables data plane (no "
            + "INVALID drop) on Linux 6.18 (docs/emulate.md)";
    static final String DERIVED_BRIDGE = "derived from net/bridge/br_netfilter_hooks.c (br_nf_pre_routing_finish) and "
            + "br_forward.c (should_deliver); not observed by kpsim";

    /**
     * A pod's connection that its service sends back to the pod itself.
     *
     * @param masqueraded          whether the connection leaves the node's rules source-NATed (to the bridge address)
     * @param forwardDropsInvalid  whether the node's forward path drops conntrack-INVALID packets (KUBE-FORWARD's rule)
     */
    public static KernelVerdict selfConnection(HairpinMode mode, boolean bridgeNfCallIptables, SelfPath path,
                                               boolean masqueraded, boolean forwardDropsInvalid) {
        String noMasq = "nothing masqueraded it, so it arrives carrying the pod's own address as source: the pod answers "
                + "itself inside its own network namespace, the answer never meets the node's conntrack and is never "
                + "un-DNATed, and the client socket, which expects the service address, never sees it";
        if (bridgeNfCallIptables && path == SelfPath.BRIDGED_DNAT) {
            switch (mode) {
                case NONE:
                    return new KernelVerdict(KernelVerdict.Result.FAILS, "br_netfilter ran the DNAT while the frame was "
                            + "being bridged and hands it back to the bridge for the pod's own port, the port it came in "
                            + "on; without the hairpin flag the bridge never sends a frame back out of its ingress port, "
                            + "so the SYN is dropped and the connection times out", OBSERVED, true);
                case HAIRPIN_VETH:
                    if (masqueraded) {
                        return new KernelVerdict(KernelVerdict.Result.WORKS, "the hairpin flag lets the bridge send the "
                                + "frame back out of the pod's port; it arrives from the bridge address (masquerade), the "
                                + "pod answers the node, and conntrack reverses both translations", OBSERVED, true);
                    }
                    return new KernelVerdict(KernelVerdict.Result.FAILS, "the hairpin flag lets the frame back out of "
                            + "the pod's port, but " + noMasq, OBSERVED, true);
                case PROMISCUOUS_BRIDGE:
                default:
                    if (forwardDropsInvalid) {
                        return new KernelVerdict(KernelVerdict.Result.FAILS, "the promiscuous bridge still will not send "
                                + "the frame back out of its ingress port; the copy it passes up to the host is classified "
                                + "INVALID by conntrack and dropped by the forward path's INVALID rule (kubenet's ebtables "
                                + "de-duplication rules are not installed)", OBSERVED, true);
                    }
                    return new KernelVerdict(KernelVerdict.Result.FAILS, "the promiscuous bridge still will not send "
                            + "the frame back out of its ingress port, and the copy it passes up to the host is INVALID to "
                            + "conntrack, which translates nothing for it: even without an INVALID drop no answer reaches "
                            + "the client, and the connection times out",
                            OBSERVED_NO_INVALID_DROP, true);
            }
        }
        String how = !bridgeNfCallIptables
                ? "with bridge-nf-call-iptables=0 iptables never sees bridged frames: the packet to the service address is "
                + "addressed to the pod's gateway, so the bridge hands it up to the host, which translates it and sends it "
                + "back out of the bridge device; the bridge may deliver its own frames to any port, whatever the hairpin "
                + "mode"
                : "the translation happened after the bridge handed the packet up to the host, which sends it to the pod "
                + "out of the bridge device; no frame goes back out of its ingress port, whatever the hairpin mode";
        if (masqueraded) {
            return new KernelVerdict(KernelVerdict.Result.WORKS, how + "; it arrives from the bridge address "
                    + "(masquerade), so the answer goes through the host and conntrack", DERIVED_BRIDGE, false);
        }
        return new KernelVerdict(KernelVerdict.Result.FAILS, how + "; but " + noMasq, DERIVED_BRIDGE, false);
    }

    /**
     * A pod's connection that its service sends to another pod of the same node (bridged from one port to another,
     * which the bridge always allows).
     */
    public static KernelVerdict otherLocalPod(boolean bridgeNfCallIptables, boolean masqueraded) {
        if (bridgeNfCallIptables || masqueraded) {
            return new KernelVerdict(KernelVerdict.Result.WORKS, "the answer passes the bridge with br_netfilter (or goes "
                    + "to the bridge address) and conntrack reverses the translation", DERIVED_BRIDGE, false);
        }
        return new KernelVerdict(KernelVerdict.Result.FAILS, "with bridge-nf-call-iptables=0 the other pod's answer is "
                + "bridged straight back without conntrack seeing it: it is never un-DNATed and the client drops it",
                DERIVED_BRIDGE, false);
    }
}
