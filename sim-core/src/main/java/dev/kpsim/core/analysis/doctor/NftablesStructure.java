package dev.kpsim.core.analysis.doctor;

import static dev.kpsim.core.analysis.doctor.ModeStructure.fail;
import static dev.kpsim.core.analysis.doctor.ModeStructure.ok;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.analysis.doctor.NftListing.NftChainText;
import dev.kpsim.core.analysis.doctor.NftListing.NftTableText;
import dev.kpsim.core.kubeproxy.CategorizedEndpoints;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortInfo;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * nftables mode's structure for one service port ({@code pkg/proxy/nftables/proxier.go}): a {@code service-ips} /
 * {@code service-nodeports} element per frontend going to the service's chains (or a {@code no-endpoint-*} element),
 * the {@code service-} (and {@code local-}) chain with its {@code numgen random mod N vmap} over N endpoint chains,
 * and an {@code endpoint-} chain per endpoint with its DNAT.
 */
final class NftablesStructure implements ModeStructure {

    @Override
    public List<Detail> check(NodeSubject subject, NodeProxyView view, ServicePortEntry e) {
        List<Detail> out = new ArrayList<>();
        String tableName = (view.family() == IpFamily.IPV6 ? "ip6" : "ip") + " kube-proxy";
        Optional<NftTableText> table = subject.rules().nft().flatMap(l -> Optional.ofNullable(l.tables().get(tableName)));
        if (table.isEmpty()) {
            out.add(fail("the node has no table " + tableName));
            return out;
        }
        NftTableText t = table.get();
        ServicePortInfo i = e.info();
        CategorizedEndpoints cat = e.categorized();
        String proto = i.protocol().lower();
        boolean hasAny = cat.hasAnyEndpoints();
        boolean hasInternal = hasAny && !(i.internalPolicyLocal() && cat.localEndpoints().isEmpty());
        String svc = KubeProxyNames.nftChain("service-", i.name());
        String svl = KubeProxyNames.nftChain("local-", i.name());
        for (Frontend f : subject.frontends(view, e)) {
            boolean toChains = f.external() ? hasAny : hasInternal;
            String key = f.kind() == Frontend.Kind.NODE_PORT ? proto + " . " + f.address().port()
                    : f.address().ip() + " . " + proto + " . " + f.address().port();
            String map = f.kind() == Frontend.Kind.NODE_PORT
                    ? (toChains ? "service-nodeports" : "no-endpoint-nodeports")
                    : (toChains ? "service-ips" : "no-endpoint-services");
            List<String> els = t.elements(map).stream().filter(el -> el.startsWith(key + " ")).toList();
            String what = f.kind().words() + " " + f.addressLabel();
            if (f.kind() == Frontend.Kind.NODE_PORT && !els.isEmpty()) {
                what = "node port " + f.address().port() + "/" + f.protocol().name();
            }
            if (els.size() == 1) {
                out.add(ok("map " + map + ": 1 element for " + what + " -> " + els.get(0).substring(els.get(0).indexOf(':') + 1).trim()));
            } else {
                out.add(fail("map " + map + ": " + els.size() + " elements for " + what + " (expected 1)"));
            }
        }
        if (!cat.clusterEndpoints().isEmpty() && i.usesClusterEndpoints()) {
            out.add(serviceChain(t, svc, cat.clusterEndpoints(), e));
        }
        if (!cat.localEndpoints().isEmpty() && i.usesLocalEndpoints()) {
            out.add(serviceChain(t, svl, cat.localEndpoints(), e));
        }
        for (EndpointInfo ep : cat.allReachable()) {
            String chain = KubeProxyNames.nftEndpointChain(i.name(), ep.address());
            Optional<NftChainText> c = t.chain(chain);
            String dnat = "dnat to " + ep.address();
            if (c.isEmpty()) {
                out.add(fail("chain " + chain + ": missing (endpoint " + ep + ")"));
            } else if (c.get().rules().stream().noneMatch(r -> r.contains(dnat))) {
                out.add(fail("chain " + chain + ": no '" + dnat + "'"));
            } else {
                out.add(ok("chain " + chain + ": " + dnat));
            }
        }
        return out;
    }

    private static Detail serviceChain(NftTableText t, String chain, List<EndpointInfo> eps, ServicePortEntry e) {
        Optional<NftChainText> c = t.chain(chain);
        if (c.isEmpty()) {
            return fail("chain " + chain + ": missing");
        }
        String numgen = "numgen random mod " + eps.size() + " vmap";
        Optional<String> rule = c.get().rules().stream().filter(r -> r.startsWith("numgen random mod ")).findFirst();
        if (rule.isEmpty()) {
            return fail("chain " + chain + ": no numgen verdict map");
        }
        List<String> missing = new ArrayList<>();
        for (EndpointInfo ep : eps) {
            if (!rule.get().contains("goto " + KubeProxyNames.nftEndpointChain(e.info().name(), ep.address()))) {
                missing.add(ep.toString());
            }
        }
        if (!rule.get().startsWith(numgen) || !missing.isEmpty()) {
            return fail("chain " + chain + ": '" + rule.get().substring(0, rule.get().indexOf(" vmap")) + "', expected '"
                    + numgen.substring(0, numgen.length() - 5) + "'" + (missing.isEmpty() ? "" : "; no branch to " + String.join(", ", missing)));
        }
        return ok("chain " + chain + ": " + numgen + " over " + eps.size() + " endpoint chain" + (eps.size() == 1 ? "" : "s"));
    }
}
