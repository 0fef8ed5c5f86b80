package dev.kpsim.mode.ipvs.sim;

import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetEntry;
import dev.kpsim.mode.ipvs.ipset.KubeIpSet;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the simulator of an IPVS-mode node: per IP family the netfilter engine over that family's iptables rules,
 * answering {@code -m set} from the node's ipsets ({@link IpsetIndex}), with the addresses bound to the dummy
 * interface {@code kube-ipvs0} counted as the node's own (so they are routed locally and match
 * {@code addrtype --dst-type LOCAL}, as on a real node), and IPVS hooked in ({@link IpvsInterceptor}).
 */
public final class IpvsSimulators {
    /** kube-proxy's dummy interface ({@code defaultDummyDevice}, {@code pkg/proxy/ipvs/proxier.go}). */
    public static final String DUMMY_DEVICE = "kube-ipvs0";

    private IpvsSimulators() {
    }

    /**
     * @param rulesets the iptables rules per family; a family without is simulated with empty tables
     * @param bound    the addresses on kube-ipvs0; null to take them from the {@code KUBE-IPVS-IPS} set, or, without
     *                 that set, from every virtual service address that is not one of the node's addresses
     */
    public static Simulator of(IpvsTable table, List<IpSet> ipsets, Map<IpFamily, Ruleset> rulesets,
                               List<IpAddress> bound, ProtocolTimeouts timeouts, NodeEnvironment env) {
        IpsetIndex index = IpsetIndex.of(ipsets);
        IpvsInterceptor ipvs = new IpvsInterceptor(table, index, timeouts, env::isLocalPod);
        Map<IpAddress, String> dummy = new LinkedHashMap<>();
        for (IpAddress a : bound != null ? bound : boundAddresses(table, ipsets, env)) {
            if (!env.isLocalAddress(a)) {
                dummy.put(a, DUMMY_DEVICE);
            }
        }
        Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            Ruleset r = rulesets.getOrDefault(f, new Ruleset(f, List.of()));
            sims.put(f, NetfilterSimulator.of(r, env).withIpsets(index).withLocalAddresses(dummy).withInterceptor(ipvs));
        }
        return FamilySimulator.of(sims);
    }

    /** kube-ipvs0's addresses as a dump shows them: {@code KUBE-IPVS-IPS} (both families), else the VS addresses. */
    static List<IpAddress> boundAddresses(IpvsTable table, List<IpSet> ipsets, NodeEnvironment env) {
        List<IpAddress> fromSets = ipsets.stream()
                .filter(s -> s.name().equals(KubeIpSet.IPVS_IPS.name(IpFamily.IPV4))
                        || s.name().equals(KubeIpSet.IPVS_IPS.name(IpFamily.IPV6)))
                .flatMap(s -> s.entries().stream()).map(IpSetEntry::ip).toList();
        if (!fromSets.isEmpty()) {
            return fromSets;
        }
        return table.services().stream().filter(vs -> vs.fwmark() == 0).map(VirtualServer::address)
                .filter(a -> !env.isLocalAddress(a)).distinct().toList();
    }
}
