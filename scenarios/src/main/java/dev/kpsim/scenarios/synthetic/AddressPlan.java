package dev.kpsim.scenarios.synthetic;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;

/**
 * Where a synthetic cluster's addresses come from, laid out like a kubeadm cluster: ClusterIPs from the service CIDR
 * {@code 10.96.0.0/12} (from its 10th address, as kpsim's allocator hands them out), one {@code /24} pod CIDR per node
 * out of the cluster CIDR {@code 10.128.0.0/9} (address .1 is the node's bridge, pods from .2), node addresses from
 * {@code 172.16.0.0/12}, load-balancer ingress IPs from the benchmarking range {@code 198.18.0.0/15} (RFC 2544), and
 * NodePorts from kube-apiserver's default range 30000–32767. Pure functions of an index.
 */
final class AddressPlan {
    static final Cidr SERVICE_CIDR = Cidr.parse("10.96.0.0/12");
    static final Cidr CLUSTER_CIDR = Cidr.parse("10.128.0.0/9");
    static final int FIRST_NODE_PORT = 30000;
    static final int LAST_NODE_PORT = 32767;

    private static final IpAddress FIRST_CLUSTER_IP = IpAddress.parse("10.96.0.10");
    private static final IpAddress FIRST_NODE_IP = IpAddress.parse("172.16.0.10");
    private static final IpAddress FIRST_LB_IP = IpAddress.parse("198.18.0.1");

    private AddressPlan() {
    }

    static IpAddress clusterIp(int service) {
        return FIRST_CLUSTER_IP.plus(service);
    }

    static Cidr podCidr(int node) {
        return new Cidr(CLUSTER_CIDR.address().plus(256L * node), 24);
    }

    /** The {@code slot}-th pod address of a node (slot 0 is .2). */
    static IpAddress podIp(int node, int slot) {
        return CLUSTER_CIDR.address().plus(256L * node + 2 + slot);
    }

    static IpAddress nodeIp(int node) {
        return FIRST_NODE_IP.plus(node);
    }

    static IpAddress loadBalancerIp(int index) {
        return FIRST_LB_IP.plus(index);
    }
}
