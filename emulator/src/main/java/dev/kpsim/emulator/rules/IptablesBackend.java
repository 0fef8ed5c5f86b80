package dev.kpsim.emulator.rules;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.emulator.preflight.Capability;
import java.util.Locale;
import java.util.Optional;

/**
 * Which iptables implementation loads the rules: the legacy x_tables kernel interface ({@code iptables-legacy-*})
 * or the nf_tables one ({@code iptables-nft-*}, what current distributions and kube-proxy images default to).
 * Both accept the same {@code iptables-restore} text; kube-proxy itself picks the one the host uses.
 */
public enum IptablesBackend {
    LEGACY("legacy"),
    NFT("nft");

    private final String flag;

    IptablesBackend(String flag) {
        this.flag = flag;
    }

    /** {@code legacy} or {@code nft}, as in {@code --iptables legacy|nft}. */
    public String flag() {
        return flag;
    }

    private String base(IpFamily family) {
        return family == IpFamily.IPV4 ? "iptables" : "ip6tables";
    }

    /** {@code iptables-nft-restore}, {@code ip6tables-legacy-restore}, … */
    public String restore(IpFamily family) {
        return base(family) + "-" + flag + "-restore";
    }

    /** {@code iptables-nft-save}, … */
    public String save(IpFamily family) {
        return base(family) + "-" + flag + "-save";
    }

    /** The preflight capability that provides this backend for {@code family}. */
    public Capability capability(IpFamily family) {
        if (family == IpFamily.IPV4) {
            return this == LEGACY ? Capability.IPTABLES_LEGACY : Capability.IPTABLES_NFT;
        }
        return this == LEGACY ? Capability.IP6TABLES_LEGACY : Capability.IP6TABLES_NFT;
    }

    public static Optional<IptablesBackend> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String l = s.toLowerCase(Locale.ROOT);
        for (IptablesBackend b : values()) {
            if (b.flag.equals(l)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
