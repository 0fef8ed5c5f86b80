package dev.kpsim.core.engine.path;

import java.util.Locale;
import java.util.Optional;

/**
 * kubelet's {@code --hairpin-mode} (config field {@code hairpinMode}): how the node's pod bridge ({@code cni0}) treats
 * a frame that must leave through the port it came in on — a pod whose connection to its own Service was DNATed back
 * to itself (reference/hairpin.md §1–2).
 *
 * <ul>
 *   <li>{@link #HAIRPIN_VETH}: the hairpin flag on every pod's bridge port ({@code brport/hairpin_mode = 1}, what
 *       {@code pkg/kubelet/network/hairpin/hairpin.go} writes), so the bridge sends the frame back out. kubelet's
 *       effective default on CNI nodes (its default {@code promiscuous-bridge} becomes this outside kubenet).</li>
 *   <li>{@link #PROMISCUOUS_BRIDGE}: the bridge device in promiscuous mode ({@code ip link set cni0 promisc on}, as
 *       kubenet did), without kubenet's ebtables de-duplication rules.</li>
 *   <li>{@link #NONE}: neither.</li>
 * </ul>
 */
public enum HairpinMode {
    HAIRPIN_VETH("hairpin-veth"),
    PROMISCUOUS_BRIDGE("promiscuous-bridge"),
    NONE("none");

    /** What a simulator assumes when nobody says: kubelet's effective default with a CNI plugin. */
    public static final HairpinMode DEFAULT = HAIRPIN_VETH;

    private final String flag;

    HairpinMode(String flag) {
        this.flag = flag;
    }

    /** The kubelet flag value: {@code hairpin-veth}, {@code promiscuous-bridge}, {@code none}. */
    public String flag() {
        return flag;
    }

    /** The mode whose {@link #flag()} is {@code s} (case-insensitive); empty for anything else. */
    public static Optional<HairpinMode> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String l = s.toLowerCase(Locale.ROOT);
        for (HairpinMode m : values()) {
            if (m.flag.equals(l)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
