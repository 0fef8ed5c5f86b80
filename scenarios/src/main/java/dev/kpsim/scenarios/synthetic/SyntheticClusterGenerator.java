package dev.kpsim.scenarios.synthetic;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.EndpointPort;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServiceBuilder;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.core.cluster.SessionAffinity;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.cluster.TrafficPolicy;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a {@link SyntheticCluster} straight into kpsim's model (no YAML): {@code nodes} nodes ({@code node-0000}…,
 * zones a/b/c in turn, one /24 pod CIDR each), pods spread round-robin over the nodes, and Services
 * {@code ns-NNN/svc-NNNNN} (100 per namespace) with one TCP port {@code http} 80 → 8080 and their EndpointSlices, at
 * most 100 endpoints per slice as the EndpointSlice controller cuts them ({@code maxEndpointsPerSlice}). Service i's
 * endpoints are the consecutive pods from pod {@code i · endpointsPerService} (wrapping, so with fewer pods than
 * endpoints Services share pods); consecutive pods sit on different nodes. A pod is labelled {@code app: svc-…} for
 * the Service whose range it starts in, and a Service selects its label only if some pod carries it (a Service
 * whose range lies past the last pod has no selector, like one whose slices are kept by hand), so every selector
 * matches a pod. LoadBalancer ingress IPs have ipMode {@code VIP}. The seed decides which Services get which
 * type, which get Local traffic policies and which ClientIP affinity — exact counts, shuffled. NodePort and
 * LoadBalancer Services get NodePorts 30000, 30001, … (and a health-check NodePort when externalTrafficPolicy is
 * Local); LoadBalancer Services get one ingress IP each.
 *
 * <p>Cost: O(services × endpoints + pods + nodes) time; one {@link SliceEndpoint} per pod shared by every slice
 * that lists it, so 10,000 Services × 250 endpoints over 150,000 pods and 5,000 nodes build in about a second in
 * a few hundred MiB. Same spec, same cluster.
 */
public final class SyntheticClusterGenerator {
    /** The EndpointSlice controller's default {@code maxEndpointsPerSlice}. */
    public static final int MAX_ENDPOINTS_PER_SLICE = 100;
    /** Services per namespace. */
    public static final int SERVICES_PER_NAMESPACE = 100;
    private static final String[] ZONES = {"zone-a", "zone-b", "zone-c"};
    private static final String PORT_NAME = "http";
    private static final int PORT = 80;
    private static final int TARGET_PORT = 8080;

    private SyntheticClusterGenerator() {
    }

    /**
     * Generates the cluster.
     *
     * @throws BadInputException {@code bad-scale} for impossible sizes or shares, {@code node-ports-exhausted} when
     *                           the NodePort and LoadBalancer Services need more than the 2,768 ports of 30000–32767
     */
    public static SyntheticCluster generate(SyntheticSpec spec) {
        spec.validate();
        int nodeCount = spec.effectiveNodes();
        int podCount = spec.effectivePods();
        SplittableRandom random = new SplittableRandom(spec.seed());

        String[] nodeNames = new String[nodeCount];
        List<Node> nodes = new ArrayList<>(nodeCount);
        int nodeWidth = Math.max(4, digits(nodeCount - 1));
        for (int n = 0; n < nodeCount; n++) {
            nodeNames[n] = "node-" + pad(n, nodeWidth);
            nodes.add(new Node(nodeNames[n], List.of(AddressPlan.nodeIp(n)), List.of(AddressPlan.podCidr(n)),
                    ZONES[n % ZONES.length], null));
        }

        int services = spec.services();
        int perService = spec.endpointsPerService();
        int serviceWidth = Math.max(5, digits(services - 1));
        int namespaceWidth = Math.max(3, digits((services - 1) / SERVICES_PER_NAMESPACE));
        String[] namespaces = new String[(services + SERVICES_PER_NAMESPACE - 1) / SERVICES_PER_NAMESPACE];
        for (int k = 0; k < namespaces.length; k++) {
            namespaces[k] = "ns-" + pad(k, namespaceWidth);
        }
        String[] serviceNames = new String[services];
        for (int i = 0; i < services; i++) {
            serviceNames[i] = "svc-" + pad(i, serviceWidth);
        }

        List<ContainerPort> containerPorts = List.of(new ContainerPort(PORT_NAME, TARGET_PORT, Protocol.TCP));
        List<Pod> pods = new ArrayList<>(podCount);
        SliceEndpoint[] endpoints = new SliceEndpoint[podCount];
        int podWidth = Math.max(6, digits(podCount - 1));
        for (int k = 0; k < podCount; k++) {
            int node = k % nodeCount;
            int home = perService == 0 || services == 0 ? -1 : Math.min(k / perService, services - 1);
            String namespace = home < 0 ? "default" : namespaces[home / SERVICES_PER_NAMESPACE];
            String name = "pod-" + pad(k, podWidth);
            Pod pod = new Pod(namespace, name, home < 0 ? Map.of() : Map.of("app", serviceNames[home]),
                    List.of(AddressPlan.podIp(node, k / nodeCount)), nodeNames[node], containerPorts, true, false, false, null);
            pods.add(pod);
            endpoints[k] = new SliceEndpoint(pod.ips(), null, null, null, nodeNames[node], ZONES[node % ZONES.length],
                    null, null, pod.key());
        }

        ServiceType[] types = types(spec, random);
        boolean[] externalLocal = pickExternal(types, spec.externalLocalShare(), random);
        boolean[] internalLocal = pick(services, spec.internalLocalShare(), random);
        boolean[] affinity = pick(services, spec.affinityShare(), random);

        List<Service> svcs = new ArrayList<>(services);
        List<EndpointSlice> slices = new ArrayList<>(services * Math.max(1, (perService + MAX_ENDPOINTS_PER_SLICE - 1)
                / MAX_ENDPOINTS_PER_SLICE));
        List<EndpointPort> slicePorts = List.of(new EndpointPort(PORT_NAME, Protocol.TCP, TARGET_PORT));
        int nextNodePort = AddressPlan.FIRST_NODE_PORT;
        int lbIndex = 0;
        for (int i = 0; i < services; i++) {
            String namespace = namespaces[i / SERVICES_PER_NAMESPACE];
            ServiceType type = types[i];
            int nodePort = 0;
            if (type != ServiceType.ClusterIP) {
                nextNodePort = checkNodePort(nextNodePort);
                nodePort = nextNodePort++;
            }
            ServiceBuilder b = Service.builder(namespace, serviceNames[i]).type(type)
                    .clusterIp(AddressPlan.clusterIp(i))
                    .port(new ServicePort(PORT_NAME, Protocol.TCP, PORT, PortRef.of(TARGET_PORT), nodePort))
                    .selector(ownsPods(i, perService, podCount) ? Map.of("app", serviceNames[i]) : null);
            if (type == ServiceType.LoadBalancer) {
                b.loadBalancerIngress(new LoadBalancerIngress(AddressPlan.loadBalancerIp(lbIndex++), null, "VIP"));
            }
            if (externalLocal[i]) {
                b.externalTrafficPolicy(TrafficPolicy.Local);
                if (type == ServiceType.LoadBalancer) {
                    nextNodePort = checkNodePort(nextNodePort);
                    b.healthCheckNodePort(nextNodePort++);
                }
            }
            if (internalLocal[i]) {
                b.internalTrafficPolicy(TrafficPolicy.Local);
            }
            if (affinity[i]) {
                b.sessionAffinity(SessionAffinity.ClientIP, SessionAffinity.DEFAULT_TIMEOUT_SECONDS);
            }
            svcs.add(b.build());
            long first = (long) i * perService;
            for (int s = 0; s * MAX_ENDPOINTS_PER_SLICE < perService; s++) {
                int from = s * MAX_ENDPOINTS_PER_SLICE;
                int to = Math.min(perService, from + MAX_ENDPOINTS_PER_SLICE);
                SliceEndpoint[] chunk = new SliceEndpoint[to - from];
                for (int j = from; j < to; j++) {
                    chunk[j - from] = endpoints[(int) ((first + j) % podCount)];
                }
                slices.add(new EndpointSlice(namespace, serviceNames[i] + "-" + s, serviceNames[i], IpFamily.IPV4,
                        slicePorts, Arrays.asList(chunk), null));
            }
        }

        String nodeName = nodeNames[0];
        ProxyConfig config = ProxyConfig.defaults().toBuilder().mode(spec.mode()).hostnameOverride(nodeName)
                .clusterCidrs(List.of(AddressPlan.CLUSTER_CIDR)).nodePortAddresses(List.of("primary"))
                .kubeProxyVersion(spec.kubeProxyVersion()).build();
        return new SyntheticCluster(spec, new Cluster(nodes, pods, svcs, slices), config, nodeName);
    }

    /** Service types in exact mix counts, in seeded random order. */
    private static ServiceType[] types(SyntheticSpec spec, SplittableRandom random) {
        Map<ServiceType, Integer> counts = spec.typeMix().counts(spec.services());
        ServiceType[] types = new ServiceType[spec.services()];
        int k = 0;
        for (ServiceType t : List.of(ServiceType.ClusterIP, ServiceType.NodePort, ServiceType.LoadBalancer)) {
            for (int c = counts.get(t); c > 0; c--) {
                types[k++] = t;
            }
        }
        for (int i = types.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            ServiceType x = types[i];
            types[i] = types[j];
            types[j] = x;
        }
        return types;
    }

    /** Exactly round(share × n) of n indices, chosen by a seeded partial shuffle. */
    private static boolean[] pick(int n, double share, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return choose(all, n, share, random, n);
    }

    /** Exactly round(share × eligible) of the NodePort and LoadBalancer Services. */
    private static boolean[] pickExternal(ServiceType[] types, double share, SplittableRandom random) {
        int[] eligible = new int[types.length];
        int m = 0;
        for (int i = 0; i < types.length; i++) {
            if (types[i] != ServiceType.ClusterIP) {
                eligible[m++] = i;
            }
        }
        return choose(eligible, m, share, random, types.length);
    }

    private static boolean[] choose(int[] pool, int poolSize, double share, SplittableRandom random, int n) {
        boolean[] out = new boolean[n];
        int want = (int) Math.round(share * poolSize);
        for (int k = 0; k < want; k++) {
            int j = k + random.nextInt(poolSize - k);
            int x = pool[k];
            pool[k] = pool[j];
            pool[j] = x;
            out[pool[k]] = true;
        }
        return out;
    }

    /** True if some pod carries Service i's label: pods are labelled for the Service whose range they start in. */
    private static boolean ownsPods(int service, int perService, int podCount) {
        return perService > 0 && (long) service * perService < podCount;
    }

    private static int checkNodePort(int next) {
        if (next > AddressPlan.LAST_NODE_PORT) {
            throw new BadInputException(SourceLocation.ofFile("<synthetic cluster>"), "node-ports-exhausted",
                    "the NodePort and LoadBalancer services need more NodePorts than the "
                            + (AddressPlan.LAST_NODE_PORT - AddressPlan.FIRST_NODE_PORT + 1) + " of "
                            + AddressPlan.FIRST_NODE_PORT + "-" + AddressPlan.LAST_NODE_PORT
                            + " (kube-apiserver's default range); give fewer of them in the type mix");
        }
        return next;
    }

    private static int digits(int v) {
        return Integer.toString(Math.max(0, v)).length();
    }

    private static String pad(int v, int width) {
        String s = Integer.toString(v);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
