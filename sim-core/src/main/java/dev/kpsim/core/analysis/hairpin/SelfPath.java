package dev.kpsim.core.analysis.hairpin;

/** How a pod's connection to its own service comes back to it on the node. */
public enum SelfPath {
    /**
     * The destination was rewritten to the pod in {@code nat PREROUTING} (iptables and nftables modes): with
     * {@code bridge-nf-call-iptables=1} that happens while the frame is being bridged, and br_netfilter hands the
     * translated frame back to the bridge ("bridged DNAT"), to be sent out of the port it came in on.
     */
    BRIDGED_DNAT,
    /**
     * The translation happened after the bridge handed the packet up to the host (IPVS at LOCAL_IN, the userspace
     * proxy's own connection): the host sends the packet to the pod out of the bridge device.
     */
    HOST_ROUTED
}
