package dev.kpsim.mode.nftables;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.gen.NftProxierGenerator;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftTable;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-proxy's nftables mode ({@code --proxy-mode=nftables}, {@code pkg/proxy/nftables}): one
 * {@code table ip kube-proxy} per IPv4 proxier and {@code table ip6 kube-proxy} per IPv6 proxier, in the layout of the
 * configured kube-proxy version ({@link NftFlavour#forVersion}). Registered with {@link java.util.ServiceLoader}.
 * Stateless and thread-safe.
 */
public final class NftablesMode implements ProxyMode {

    /** The mode name, as in {@code KubeProxyConfiguration.mode}. */
    public static final String NAME = "nftables";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> formats() {
        return NftablesDataPlane.FORMATS;
    }

    @Override
    public DataPlane generate(ProxyInput input) {
        return generate(input, NftGeneratorOptions.defaults());
    }

    /**
     * Generates with extra knowledge kube-proxy has at run time (ServiceCIDRs) or a mark spelling. An IPv4 table is
     * written unless the node and the services are IPv6-only; an IPv6 table when the node or a service has IPv6.
     */
    public static NftablesDataPlane generate(ProxyInput input, NftGeneratorOptions options) {
        NftFlavour.Resolution res = NftFlavour.forVersion(input.config().kubeProxyVersion());
        List<Diagnostic> notes = new ArrayList<>();
        notes.add(Diagnostic.note(null, "nftables-flavour", "kube-proxy " + input.config().kubeProxyVersion()
                + ": nftables table in the " + res.flavour().releases() + " layout"));
        if (res.note() != null) {
            notes.add(Diagnostic.note(null, "nftables-flavour-approximate", res.note()));
        }
        List<NftTable> tables = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (IpFamily f : families(input)) {
            NodeProxyView view = input.view(f);
            NftProxierGenerator.Result r = NftProxierGenerator.generate(view, input.config(), res.flavour(), options);
            tables.add(r.table());
            for (String n : r.notes()) {
                if (!seen.contains(n)) {
                    seen.add(n);
                    notes.add(Diagnostic.note(null, "nftables-generation", n));
                }
            }
        }
        return new NftablesDataPlane(new NftRuleset(tables), notes);
    }

    private static List<IpFamily> families(ProxyInput input) {
        List<IpAddress> nodeIps = input.cluster().node(input.nodeName()).map(n -> n.addresses()).orElse(List.of());
        boolean v4 = input.hasFamily(IpFamily.IPV4) || nodeIps.stream().anyMatch(IpAddress::isV4);
        boolean v6 = input.hasFamily(IpFamily.IPV6) || nodeIps.stream().anyMatch(a -> !a.isV4());
        List<IpFamily> out = new ArrayList<>();
        if (v4 || !v6) {
            out.add(IpFamily.IPV4);
        }
        if (v6) {
            out.add(IpFamily.IPV6);
        }
        return out;
    }
}
