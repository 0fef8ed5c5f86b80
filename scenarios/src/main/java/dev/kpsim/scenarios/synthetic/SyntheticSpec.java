package dev.kpsim.scenarios.synthetic;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a synthetic cluster: how many Services, endpoints per Service, nodes and pods, the Service type mix,
 * the share of Services with {@code externalTrafficPolicy: Local} (among NodePort and LoadBalancer Services), with
 * {@code internalTrafficPolicy: Local}, and with {@code sessionAffinity: ClientIP}, the seed that makes every random
 * choice, and the kube-proxy mode and version to configure. Sizes reach Kubernetes' published scalability limits
 * (10,000 Services, 150,000 pods, 5,000 nodes) and beyond. Immutable; the {@code with…} methods return copies.
 *
 * @param services            number of Services, each with one TCP port
 * @param endpointsPerService ready endpoints per Service (distinct pods)
 * @param nodes               nodes; 0 chooses {@link #effectiveNodes()}
 * @param pods                pods; 0 chooses {@link #effectivePods()}
 * @param externalLocalShare  fraction (0–1) of NodePort/LoadBalancer Services with externalTrafficPolicy Local
 * @param internalLocalShare  fraction (0–1) of all Services with internalTrafficPolicy Local
 * @param affinityShare       fraction (0–1) of all Services with ClientIP session affinity
 * @param mode                kube-proxy's mode ({@code iptables}, {@code ipvs}, {@code nftables}, ...)
 */
public record SyntheticSpec(int services, int endpointsPerService, int nodes, int pods, TypeMix typeMix,
                            double externalLocalShare, double internalLocalShare, double affinityShare, long seed,
                            String mode, KubeProxyVersion kubeProxyVersion) {

    /** Most Services a synthetic cluster may have (the service CIDR /12 holds a million, memory runs out first). */
    public static final int MAX_SERVICES = 200_000;
    /** Most endpoints over all Services. */
    public static final long MAX_ENDPOINTS = 5_000_000L;
    /** Most nodes (the pod network 10.128.0.0/9 is cut into /24s). */
    public static final int MAX_NODES = 32_768;
    /** Most pods on one node (a /24 pod CIDR; kubelet's default maxPods is 110). */
    public static final int MAX_PODS_PER_NODE = 250;
    /** Default pod count cap: Kubernetes' published limit of 150,000 pods per cluster. */
    public static final int DEFAULT_MAX_PODS = 150_000;
    /** Default node count cap: Kubernetes' published limit of 5,000 nodes per cluster. */
    public static final int DEFAULT_MAX_NODES = 5_000;
    /** Pods per node the default node count aims at. */
    public static final int DEFAULT_PODS_PER_NODE = 30;

    /**
     * {@code services} ClusterIP Services with {@code endpointsPerService} endpoints each, default node and pod
     * counts, no Local policies, no affinity, seed 1, iptables mode, the newest kube-proxy.
     */
    public static SyntheticSpec of(int services, int endpointsPerService) {
        return new SyntheticSpec(services, endpointsPerService, 0, 0, TypeMix.ALL_CLUSTER_IP, 0, 0, 0, 1, "iptables",
                KubeProxyVersion.LATEST);
    }

    public SyntheticSpec withNodes(int n) {
        return new SyntheticSpec(services, endpointsPerService, n, pods, typeMix, externalLocalShare, internalLocalShare,
                affinityShare, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withPods(int n) {
        return new SyntheticSpec(services, endpointsPerService, nodes, n, typeMix, externalLocalShare, internalLocalShare,
                affinityShare, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withTypeMix(TypeMix mix) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, mix, externalLocalShare, internalLocalShare,
                affinityShare, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withExternalLocalShare(double share) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, share, internalLocalShare,
                affinityShare, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withInternalLocalShare(double share) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, externalLocalShare, share,
                affinityShare, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withAffinityShare(double share) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, externalLocalShare,
                internalLocalShare, share, seed, mode, kubeProxyVersion);
    }

    public SyntheticSpec withSeed(long s) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, externalLocalShare,
                internalLocalShare, affinityShare, s, mode, kubeProxyVersion);
    }

    public SyntheticSpec withMode(String m) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, externalLocalShare,
                internalLocalShare, affinityShare, seed, m, kubeProxyVersion);
    }

    public SyntheticSpec withKubeProxyVersion(KubeProxyVersion v) {
        return new SyntheticSpec(services, endpointsPerService, nodes, pods, typeMix, externalLocalShare,
                internalLocalShare, affinityShare, seed, mode, v);
    }

    /** Total endpoints over all Services. */
    public long totalEndpoints() {
        return (long) services * endpointsPerService;
    }

    /**
     * The pod count: as given, else one pod per endpoint capped at {@value #DEFAULT_MAX_PODS} (and at what the
     * given nodes can hold); never fewer than one Service needs. When there are fewer pods than endpoints, Services
     * share pods, as Services selecting the same pods do.
     */
    public int effectivePods() {
        if (pods > 0) {
            return pods;
        }
        long p = Math.min(totalEndpoints(), DEFAULT_MAX_PODS);
        if (nodes > 0) {
            p = Math.min(p, (long) nodes * MAX_PODS_PER_NODE);
        }
        return (int) Math.max(p, endpointsPerService);
    }

    /** The node count: as given, else about {@value #DEFAULT_PODS_PER_NODE} pods per node, at most
     * {@value #DEFAULT_MAX_NODES} (more only when the pods would not fit), at least 1. */
    public int effectiveNodes() {
        if (nodes > 0) {
            return nodes;
        }
        int p = effectivePods();
        int n = Math.min(ceilDiv(p, DEFAULT_PODS_PER_NODE), DEFAULT_MAX_NODES);
        return Math.max(1, Math.max(n, ceilDiv(p, MAX_PODS_PER_NODE)));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Checks the sizes and shares.
     *
     * @throws BadInputException {@code bad-scale} with one diagnostic per problem
     */
    public void validate() {
        List<Diagnostic> problems = new ArrayList<>();
        SourceLocation at = SourceLocation.ofFile("<synthetic cluster>");
        if (services < 0 || services > MAX_SERVICES) {
            problems.add(Diagnostic.error(at, "bad-scale", "the number of services must be within 0-" + MAX_SERVICES
                    + ", was " + services));
        }
        if (endpointsPerService < 0) {
            problems.add(Diagnostic.error(at, "bad-scale", "endpoints per service cannot be negative, was " + endpointsPerService));
        }
        if (totalEndpoints() > MAX_ENDPOINTS) {
            problems.add(Diagnostic.error(at, "bad-scale", "services x endpoints must be at most " + MAX_ENDPOINTS
                    + ", was " + totalEndpoints()));
        }
        if (nodes < 0 || nodes > MAX_NODES) {
            problems.add(Diagnostic.error(at, "bad-scale", "the number of nodes must be within 1-" + MAX_NODES + ", was " + nodes));
        }
        if (pods < 0) {
            problems.add(Diagnostic.error(at, "bad-scale", "the number of pods cannot be negative, was " + pods));
        }
        if (problems.isEmpty()) {
            int p = effectivePods();
            int n = effectiveNodes();
            if (n > MAX_NODES) {
                problems.add(Diagnostic.error(at, "bad-scale", p + " pods need more than " + MAX_NODES + " nodes"));
            } else if ((long) n * MAX_PODS_PER_NODE < p) {
                problems.add(Diagnostic.error(at, "bad-scale", p + " pods do not fit on " + n + " nodes (at most "
                        + MAX_PODS_PER_NODE + " pods per node); give more nodes or fewer pods"));
            }
            if (p < endpointsPerService) {
                problems.add(Diagnostic.error(at, "bad-scale", "a service with " + endpointsPerService
                        + " endpoints needs at least as many pods, but there are " + p));
            }
        }
        share(problems, at, "external-local share", externalLocalShare);
        share(problems, at, "internal-local share", internalLocalShare);
        share(problems, at, "affinity share", affinityShare);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
    }

    private static void share(List<Diagnostic> problems, SourceLocation at, String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            problems.add(Diagnostic.error(at, "bad-scale", "the " + what + " must be within 0-1, was " + v));
        }
    }
}
