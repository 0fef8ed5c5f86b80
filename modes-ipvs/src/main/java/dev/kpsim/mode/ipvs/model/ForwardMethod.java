package dev.kpsim.mode.ipvs.model;

import java.util.Optional;

/**
 * How IPVS forwards to a real server ({@code IP_VS_CONN_F_FWD_MASK} in {@code include/uapi/linux/ip_vs.h}), with
 * the names ipvsadm prints in {@code -L} ({@code fwd_name}) and the switch it writes in {@code -S}
 * ({@code fwd_switch}). kube-proxy never sets a method, so its destinations are {@link #MASQ} (value 0, NAT).
 */
public enum ForwardMethod {
    MASQ("Masq", "-m"),
    LOCAL("Local", "-g"),
    TUNNEL("Tunnel", "-i"),
    ROUTE("Route", "-g");

    private final String listName;
    private final String saveSwitch;

    ForwardMethod(String listName, String saveSwitch) {
        this.listName = listName;
        this.saveSwitch = saveSwitch;
    }

    /** The {@code Forward} column of {@code ipvsadm -L}: {@code Masq}, {@code Local}, {@code Tunnel}, {@code Route}. */
    public String listName() {
        return listName;
    }

    /** The switch of {@code ipvsadm -S}: {@code -m}, {@code -i}, or {@code -g} (both Local and Route print -g). */
    public String saveSwitch() {
        return saveSwitch;
    }

    /** The method named by an {@code ipvsadm -L} Forward column. */
    public static Optional<ForwardMethod> fromListName(String name) {
        for (ForwardMethod m : values()) {
            if (m.listName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
