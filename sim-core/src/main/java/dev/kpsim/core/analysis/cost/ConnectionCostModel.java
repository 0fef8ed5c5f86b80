package dev.kpsim.core.analysis.cost;

import dev.kpsim.core.engine.SimulationState;
import dev.kpsim.core.netfilter.engine.IpsetLookup;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.engine.RuleWalkCost;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's cost per new connection ({@link ConnectionCost}) for each proxy mode.
 *
 * <p><b>iptables rulesets</b> (iptables mode, and the iptables side of IPVS mode) are measured with the netfilter
 * engine: {@link NetfilterSimulator#walkCost} counts the rules {@code ipt_do_table} evaluates on every path of a
 * connection's first packet, so the figures are exact for the generated ruleset — in iptables mode dominated by the
 * linear KUBE-SERVICES walk (O(services): a service's rule sits at its position in the chain, and traffic for no
 * service walks past all of them). {@code -m set} tests are counted as hash lookups (each is one
 * {@code ip_set_test} on a hash set).
 *
 * <p><b>IPVS</b> adds one lookup of the IPVS service table ({@code ip_vs_service_find} in
 * {@code net/netfilter/ipvs/ip_vs_core.c}, a hash of protocol, address and port) to its iptables side.
 *
 * <p><b>nftables</b> ({@code pkg/proxy/nftables/proxier.go}) is modelled from kube-proxy's layout, not simulated.
 * A pod's connection to a ClusterIP evaluates 14 rules with 5 lookups: {@code filter-prerouting-pre-dnat} and
 * {@code firewall-check} (2 rules, the {@code firewall-ips} map), {@code nat-prerouting} and {@code services} (2,
 * the {@code service-ips} map {@code ip daddr . meta l4proto . th dport}), the service chain's masquerade rule and
 * {@code numgen random} map (2, 1 lookup), the endpoint chain (2), {@code filter-forward} with
 * {@code service-endpoints-check} and {@code cluster-ips-check} (4, the {@code no-endpoint-services} map and the
 * {@code cluster-ips} set), and {@code nat-postrouting} with {@code masquerading} (2). A connection for no service
 * evaluates 11 (the service map misses, the {@code nodeport-ips} test follows; no service or endpoint chain). Every
 * lookup is a hash or interval-tree lookup, independent of the number of services.
 */
public final class ConnectionCostModel {
    /** At most this many services are measured one by one; beyond it an evenly spaced sample (first and last included). */
    public static final int MAX_MEASURED = 2_000;

    /** nftables: rules a ClusterIP connection evaluates in kube-proxy's chains (see the class comment). */
    static final int NFTABLES_RULES = 14;
    /** nftables: rules a connection for no service evaluates. */
    static final int NFTABLES_NO_SERVICE_RULES = 11;
    /** nftables: verdict-map and set lookups of a ClusterIP connection. */
    static final int NFTABLES_LOOKUPS = 5;

    private ConnectionCostModel() {
    }

    /**
     * Measures an iptables ruleset with the engine.
     *
     * @param mode       {@code iptables}, or {@code ipvs} (which adds the IPVS service lookup)
     * @param sim        the node's simulator
     * @param ipsets     the node's ipsets ({@link IpsetLookup#NONE} in iptables mode)
     * @param services   one first packet per service frontend, in KUBE-SERVICES order (sampled if there are more
     *                   than {@link #MAX_MEASURED})
     * @param noService  a first packet for no service (pod to pod)
     * @param entry      where the packets enter
     */
    public static ConnectionCost measure(String mode, NetfilterSimulator sim, IpsetLookup ipsets, List<Packet> services,
                                         Packet noService, EntryPoint entry) {
        int[] lookups = new int[1];
        NetfilterSimulator counting = sim.withIpsets((set, dirs, p) -> {
            lookups[0]++;
            return ipsets.test(set, dirs, p);
        });
        List<Packet> measured = sample(services);
        double sum = 0;
        int worst = 0;
        double lookupSum = 0;
        for (Packet p : measured) {
            lookups[0] = 0;
            RuleWalkCost c = counting.walkCost(p, entry, new SimulationState(1));
            sum += c.expected();
            worst = Math.max(worst, c.most());
            lookupSum += (double) lookups[0] / c.paths();
        }
        RuleWalkCost none = counting.walkCost(noService, entry, new SimulationState(1));
        int n = measured.size();
        boolean ipvs = mode.equals("ipvs");
        double avgLookups = (n == 0 ? 0 : lookupSum / n) + (ipvs ? 1 : 0);
        String basis = "rules counted by kpsim's netfilter engine on every path of each connection's first packet"
                + (n < services.size() ? " (" + n + " of " + services.size() + " services, evenly spaced)" : "")
                + (ipvs ? "; lookups are ipset tests plus the IPVS service-table lookup" : "");
        return new ConnectionCost(mode, n, n == 0 ? 0 : sum / n, worst, none.most(), avgLookups, basis);
    }

    /** nftables mode: kube-proxy's verdict maps make the cost independent of the number of services. */
    public static ConnectionCost nftables(int services) {
        return new ConnectionCost("nftables", services, NFTABLES_RULES, NFTABLES_RULES, NFTABLES_NO_SERVICE_RULES,
                NFTABLES_LOOKUPS, "modelled from kube-proxy's nftables layout (verdict maps service-ips, firewall-ips,"
                        + " no-endpoint-services, numgen vmap; set cluster-ips): constant in the number of services");
    }

    /** Every element, or an evenly spaced sample of {@link #MAX_MEASURED} with the first and the last. */
    static <T> List<T> sample(List<T> all) {
        if (all.size() <= MAX_MEASURED) {
            return all;
        }
        List<T> out = new ArrayList<>(MAX_MEASURED);
        long n = all.size() - 1;
        for (int k = 0; k < MAX_MEASURED; k++) {
            out.add(all.get((int) (k * n / (MAX_MEASURED - 1))));
        }
        return out;
    }
}
