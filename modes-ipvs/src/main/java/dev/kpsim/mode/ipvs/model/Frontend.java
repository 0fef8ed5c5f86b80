package dev.kpsim.mode.ipvs.model;

/**
 * Which address of a Service a virtual server stands for, in the order kube-proxy's {@code syncProxyRules}
 * creates them ({@code pkg/proxy/ipvs/proxier.go}): the ClusterIP, each externalIP, each load-balancer ingress IP,
 * the NodePort on each node address. {@link #UNKNOWN} for virtual servers read from a dump.
 */
public enum Frontend {
    CLUSTER_IP, EXTERNAL_IP, LOAD_BALANCER, NODE_PORT, UNKNOWN
}
