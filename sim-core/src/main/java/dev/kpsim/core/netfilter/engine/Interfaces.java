package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node's interfaces and routes as kpsim models them (bridge CNI layout), precomputed from a
 * {@link NodeEnvironment} so the per-packet checks allocate nothing: loopback {@code lo} for the node's own addresses
 * (node addresses, 127.0.0.0/8 or ::1, and the bridge's address), the bridge (cni0) for this node's pods, each pod
 * behind a veth port, and the uplink (eth0) for everything else, including other nodes' pod CIDRs. Extra local
 * addresses bound to another device (IPVS mode's {@code kube-ipvs0}) are the node's own too (routed locally, type
 * LOCAL) but never chosen as an interface's primary address. Immutable.
 */
final class Interfaces {
    static final String LOOPBACK = "lo";

    final NodeEnvironment env;
    private final Set<IpAddress> own = new HashSet<>();
    private final Map<IpAddress, String> extra;
    private final long[] podNetHi;
    private final long[] podNetLo;
    private final long[] podMaskHi;
    private final long[] podMaskLo;
    private final boolean[] podV4;
    private final IpAddress bridge4;
    private final IpAddress bridge6;
    private final IpAddress primary4;
    private final IpAddress primary6;

    Interfaces(NodeEnvironment env) {
        this(env, Map.of());
    }

    /** @param extra addresses bound to other local devices, by device name ({@code 10.0.1.175 → kube-ipvs0}) */
    Interfaces(NodeEnvironment env, Map<IpAddress, String> extra) {
        this.env = env;
        this.extra = Map.copyOf(extra);
        own.addAll(env.nodeAddresses());
        own.addAll(this.extra.keySet());
        bridge4 = env.bridgeAddress(IpFamily.IPV4).orElse(null);
        bridge6 = env.bridgeAddress(IpFamily.IPV6).orElse(null);
        primary4 = env.primaryAddress(IpFamily.IPV4).orElse(null);
        primary6 = env.primaryAddress(IpFamily.IPV6).orElse(null);
        if (bridge4 != null) {
            own.add(bridge4);
        }
        if (bridge6 != null) {
            own.add(bridge6);
        }
        List<Cidr> cidrs = env.localPodCidrs();
        int n = cidrs.size();
        podNetHi = new long[n];
        podNetLo = new long[n];
        podMaskHi = new long[n];
        podMaskLo = new long[n];
        podV4 = new boolean[n];
        for (int i = 0; i < n; i++) {
            Cidr c = cidrs.get(i);
            int len = c.prefixLength();
            podV4[i] = c.family() == IpFamily.IPV4;
            if (podV4[i]) {
                podMaskLo[i] = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
            } else {
                podMaskHi[i] = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
                podMaskLo[i] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
            }
            podNetHi[i] = c.address().hi();
            podNetLo[i] = c.address().lo();
        }
    }

    /** An address of the node itself: its node addresses, loopback, or the bridge's own address. */
    boolean isNodeAddress(IpAddress ip) {
        return ip.isLoopback() || own.contains(ip);
    }

    /** A pod on this node: a known local pod or any address in this node's pod CIDRs. */
    boolean isLocalPod(IpAddress ip) {
        if (env.localPods().containsKey(ip)) {
            return true;
        }
        for (int i = 0; i < podV4.length; i++) {
            if (podV4[i] == ip.isV4() && (ip.hi() & podMaskHi[i]) == podNetHi[i] && (ip.lo() & podMaskLo[i]) == podNetLo[i]) {
                return true;
            }
        }
        return false;
    }

    /** Where a packet with this source comes in when it arrives from outside the node's own stack. */
    String ingressFor(IpAddress src) {
        if (isNodeAddress(src)) {
            return LOOPBACK;
        }
        return isLocalPod(src) ? env.bridge() : env.uplink();
    }

    /** The interface the routing decision picks for a destination. */
    String egressFor(IpAddress dst) {
        if (isNodeAddress(dst)) {
            return LOOPBACK;
        }
        return isLocalPod(dst) ? env.bridge() : env.uplink();
    }

    /** The host-side veth of a local pod: the prefix plus eight hex digits derived from its address. */
    String vethOf(IpAddress podIp) {
        long h = podIp.hi() * 0x9E3779B97F4A7C15L ^ podIp.lo() * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        String hex = Long.toHexString((h & 0xFFFFFFFFL) | 0x100000000L);
        return env.podInterfacePrefix() + hex.substring(1);
    }

    /** The primary address of an interface, as MASQUERADE and REDIRECT use it; null when unknown. */
    IpAddress primaryAddress(String iface, IpFamily family) {
        if (iface == null) {
            return null;
        }
        if (iface.equals(LOOPBACK)) {
            return loopback(family);
        }
        IpAddress primary = family == IpFamily.IPV4 ? primary4 : primary6;
        if (iface.equals(env.bridge())) {
            IpAddress b = family == IpFamily.IPV4 ? bridge4 : bridge6;
            return b != null ? b : primary;
        }
        return primary;
    }

    /** True if {@code ip} is one of the node addresses proper (not loopback, not the bridge). */
    boolean isNodeAddressProper(IpAddress ip) {
        return env.nodeAddresses().contains(ip);
    }

    /** The device an extra local address is bound to, or null if {@code ip} is not one. */
    String extraDevice(IpAddress ip) {
        return extra.isEmpty() ? null : extra.get(ip);
    }

    /**
     * The source address the kernel chooses for a new connection from the node to {@code dst}: the route's
     * preferred source — the destination itself for a local destination, else the primary address of the egress
     * interface. Null when kpsim does not know that interface's address.
     */
    IpAddress sourceFor(IpAddress dst) {
        if (isNodeAddress(dst)) {
            return dst;
        }
        return primaryAddress(egressFor(dst), dst.family());
    }

    /** A broadcast address of this node's pod subnets (network or broadcast address of an IPv4 pod CIDR). */
    boolean isPodSubnetBroadcast(IpAddress ip) {
        for (int i = 0; i < podV4.length; i++) {
            if (podV4[i] && ip.isV4() && (ip.lo() & podMaskLo[i]) == podNetLo[i] && podMaskLo[i] != 0xFFFFFFFFL
                    && podMaskLo[i] != 0xFFFFFFFEL) {
                long v = ip.lo();
                if (v == podNetLo[i] || v == (podNetLo[i] | (~podMaskLo[i] & 0xFFFFFFFFL))) {
                    return true;
                }
            }
        }
        return false;
    }

    static IpAddress loopback(IpFamily family) {
        return family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : new IpAddress(IpFamily.IPV6, 0, 1);
    }

    /** Why a destination routes where it does, in words for the trace. */
    String routeReason(IpAddress dst) {
        if (isNodeAddress(dst)) {
            String dev = extraDevice(dst);
            return dst + " is an address of this node" + (dev == null ? "" : " (on " + dev + ")");
        }
        String pod = env.localPods().get(dst);
        if (pod != null) {
            return dst + " is pod " + pod + " on this node";
        }
        if (isLocalPod(dst)) {
            return dst + " is in this node's pod CIDR";
        }
        return env.remoteNodeOf(dst).map(n -> dst + " is in the pod CIDR of node " + n)
                .orElse(dst + " is not on this node (default route)");
    }
}
