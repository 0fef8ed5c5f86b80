package dev.kpsim.emulator.topology;

import java.util.Locale;
import java.util.Optional;

/**
 * kubelet's {@code --hairpin-mode} (config field {@code hairpinMode}), applied to every emulated node's
 * {@code cni0} bridge (reference/hairpin.md §1).
 *
 * <ul>
 *   <li>{@link #HAIRPIN_VETH}: the hairpin flag on each pod's bridge port ({@code brport/hairpin_mode = 1}, what
 *       {@code pkg/kubelet/network/hairpin/hairpin.go} writes), so the bridge may send a frame back out of the
 *       port it came in on.</li>
 *   <li>{@link #PROMISCUOUS_BRIDGE}: the bridge device in promiscuous mode ({@code ip link set cni0 promisc on},
 *       as kubenet did); kubenet's ebtables de-duplication rules are not installed.</li>
 *   <li>{@link #NONE}: neither.</li>
 * </ul>
 */
public enum HairpinMode {
    HAIRPIN_VETH("hairpin-veth"),
    PROMISCUOUS_BRIDGE("promiscuous-bridge"),
    NONE("none");

    private final String flag;

    HairpinMode(String flag) {
        this.flag = flag;
    }

    /** The kubelet flag value: {@code hairpin-veth}, {@code promiscuous-bridge}, {@code none}. */
    public String flag() {
        return flag;
    }

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
