package dev.kpsim.emulator.experiment;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.core.netfilter.restore.EnsuredChain;
import dev.kpsim.emulator.rules.DataPlaneLoader;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.emulator.userspace.ProxyServiceSpec;
import java.util.List;
import java.util.Set;

/**
 * One piece of data plane to load into the node under test: what a mode generated (or a real node's dump).
 * Several may be combined, e.g. an IPv4 and an IPv6 restore payload, or userspace portal rules plus the
 * userspace proxy that serves them.
 */
public sealed interface DataPlaneLoad {

    /** The machine capabilities loading this needs with {@code backend}. */
    Set<Capability> needs(IptablesBackend backend);

    /**
     * A generated {@code iptables-restore} payload with its built-in-chain jump rules (iptables mode, the iptables
     * side of IPVS mode, userspace portals), loaded as kube-proxy loads it.
     *
     * @param ensuredChains chains kube-proxy creates outside the payload ({@code EnsureChain}: jump targets, the
     *                      {@code KUBE-PROXY-CANARY} chains), created empty before the payload is restored
     */
    record Iptables(RestorePayload payload, List<EnsuredChain> ensuredChains) implements DataPlaneLoad {
        public Iptables {
            ensuredChains = List.copyOf(ensuredChains);
        }

        /** A payload with no chains ensured beyond its jump targets. */
        public Iptables(RestorePayload payload) {
            this(payload, List.of());
        }

        @Override
        public Set<Capability> needs(IptablesBackend backend) {
            return DataPlaneLoader.nfacctNames(payload.render()).isEmpty()
                    ? Set.of(backend.capability(payload.family()))
                    : Set.of(backend.capability(payload.family()), Capability.NFACCT);
        }
    }

    /** Raw {@code iptables-restore} input, for example a real node's {@code iptables-save}; loaded with --noflush. */
    record IptablesText(IpFamily family, String text) implements DataPlaneLoad {
        @Override
        public Set<Capability> needs(IptablesBackend backend) {
            return DataPlaneLoader.nfacctNames(text).isEmpty()
                    ? Set.of(backend.capability(family))
                    : Set.of(backend.capability(family), Capability.NFACCT);
        }
    }

    /** An nftables ruleset ({@code nft -f} input), e.g. kube-proxy nftables mode's {@code table ip kube-proxy}. */
    record Nftables(String ruleset) implements DataPlaneLoad {
        @Override
        public Set<Capability> needs(IptablesBackend backend) {
            return Set.of(Capability.NFT);
        }
    }

    /**
     * The historical userspace proxier: a real {@link dev.kpsim.emulator.userspace.UserspaceProxyServer} in the
     * node namespace serving each service port on its proxy port. Combine with an {@link Iptables} load of the
     * portal rules that redirect service traffic to it.
     */
    record UserspaceProxy(List<ProxyServiceSpec> services) implements DataPlaneLoad {
        public UserspaceProxy {
            services = List.copyOf(services);
        }

        @Override
        public Set<Capability> needs(IptablesBackend backend) {
            return Set.of();
        }
    }
}
