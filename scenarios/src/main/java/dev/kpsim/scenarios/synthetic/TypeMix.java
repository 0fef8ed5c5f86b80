package dev.kpsim.scenarios.synthetic;

import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The share of each proxied Service type in a synthetic cluster, as relative weights: {@code ClusterIP=80,NodePort=15,
 * LoadBalancer=5}. kube-proxy writes different rules per type ({@code pkg/proxy/iptables/proxier.go}: a ClusterIP
 * rule for every type, plus KUBE-NODEPORTS and KUBE-EXT chains for NodePort, plus load-balancer IP rules for
 * LoadBalancer), so the mix drives the rule count. Counts are split exactly by largest remainder ({@link #counts}).
 *
 * @param clusterIp    weight of ClusterIP Services
 * @param nodePort     weight of NodePort Services
 * @param loadBalancer weight of LoadBalancer Services
 */
public record TypeMix(int clusterIp, int nodePort, int loadBalancer) {
    /** Every Service a ClusterIP Service (kube-proxy's {@code TestNumberIptablesRules} shape). */
    public static final TypeMix ALL_CLUSTER_IP = new TypeMix(1, 0, 0);

    public TypeMix {
        if (clusterIp < 0 || nodePort < 0 || loadBalancer < 0 || clusterIp + nodePort + loadBalancer == 0) {
            throw new IllegalArgumentException("type weights must be non-negative and not all zero");
        }
    }

    /**
     * Parses {@code TYPE=WEIGHT[,TYPE=WEIGHT…]} (types ClusterIP, NodePort, LoadBalancer, case-insensitive; weights
     * are non-negative integers, e.g. percentages). Types not named get weight 0.
     *
     * @throws BadInputException {@code bad-type-mix} naming what is wrong
     */
    public static TypeMix parse(String text) {
        Map<ServiceType, Integer> w = new EnumMap<>(ServiceType.class);
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw bad("'" + p + "' is not TYPE=WEIGHT (for example ClusterIP=80,NodePort=15,LoadBalancer=5)");
            }
            ServiceType type = typeNamed(p.substring(0, eq).trim());
            int weight;
            try {
                weight = Integer.parseInt(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw bad("the weight of " + type + " must be a whole number, was '" + p.substring(eq + 1).trim() + "'");
            }
            if (weight < 0) {
                throw bad("the weight of " + type + " cannot be negative");
            }
            if (w.put(type, weight) != null) {
                throw bad(type + " is given twice");
            }
        }
        int c = w.getOrDefault(ServiceType.ClusterIP, 0);
        int n = w.getOrDefault(ServiceType.NodePort, 0);
        int l = w.getOrDefault(ServiceType.LoadBalancer, 0);
        if (c + n + l == 0) {
            throw bad("at least one type needs a weight above 0");
        }
        return new TypeMix(c, n, l);
    }

    private static ServiceType typeNamed(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "clusterip":
                return ServiceType.ClusterIP;
            case "nodeport":
                return ServiceType.NodePort;
            case "loadbalancer":
                return ServiceType.LoadBalancer;
            default:
                throw bad("unknown service type '" + name + "' (known: ClusterIP, NodePort, LoadBalancer)");
        }
    }

    private static BadInputException bad(String message) {
        return new BadInputException(SourceLocation.ofFile("--type-mix"), "bad-type-mix", message);
    }

    /**
     * How many of {@code services} Services get each type: proportional to the weights, rounded by largest
     * remainder (ties to the earlier type: ClusterIP, NodePort, LoadBalancer), so the counts always sum to
     * {@code services}.
     */
    public Map<ServiceType, Integer> counts(int services) {
        int[] weights = {clusterIp, nodePort, loadBalancer};
        ServiceType[] types = {ServiceType.ClusterIP, ServiceType.NodePort, ServiceType.LoadBalancer};
        long total = (long) clusterIp + nodePort + loadBalancer;
        int[] counts = new int[3];
        long[] remainders = new long[3];
        int assigned = 0;
        for (int i = 0; i < 3; i++) {
            long exact = (long) services * weights[i];
            counts[i] = (int) (exact / total);
            remainders[i] = exact % total;
            assigned += counts[i];
        }
        while (assigned < services) {
            int best = 0;
            for (int i = 1; i < 3; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        Map<ServiceType, Integer> out = new EnumMap<>(ServiceType.class);
        for (int i = 0; i < 3; i++) {
            out.put(types[i], counts[i]);
        }
        return out;
    }

    /** {@code ClusterIP=80,NodePort=15,LoadBalancer=5}: the form {@link #parse} reads. */
    @Override
    public String toString() {
        return "ClusterIP=" + clusterIp + ",NodePort=" + nodePort + ",LoadBalancer=" + loadBalancer;
    }
}
