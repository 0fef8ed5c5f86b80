package dev.kpsim.core.analysis.hairpin;

/**
 * kubelet's {@code --hairpin-mode} (config field {@code hairpinMode}; reference/hairpin.md §1): what the kubelet does
 * to the pod bridge so that a pod may reach itself through a Service.
 */
public enum HairpinMode {
    /** No bridge changes. */
    NONE("none"),
    /** {@code brport/hairpin_mode = 1} on each pod's bridge port ({@code pkg/kubelet/network/hairpin/hairpin.go}). */
    HAIRPIN_VETH("hairpin-veth"),
    /** The bridge in promiscuous mode (kubenet: {@code ip link set cbr0 promisc on}); kubelet's default value. */
    PROMISCUOUS_BRIDGE("promiscuous-bridge");

    private final String flag;

    HairpinMode(String flag) {
        this.flag = flag;
    }

    /** The kubelet flag value. */
    public String flag() {
        return flag;
    }
}
