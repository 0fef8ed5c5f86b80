package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The node's interfaces and routes as kpsim models them (bridge CNI layout): loopback {@code lo} for the node's own
 * addresses, the bridge (cni0) for this node's pods, each pod behind a veth port, and the uplink (eth0) for
 * everything else, including other nodes' pod CIDRs.
 */
final class Interfaces {
    static final String LOOPBACK = "lo";

    private Interfaces() {
    }

    /** An address of the node itself: its node addresses, loopback, or the bridge's own address. */
    static boolean isNodeAddress(NodeEnvironment env, IpAddress ip) {
        if (env.isLocalAddress(ip)) {
            return true;
        }
        return env.bridgeAddress(ip.family()).map(ip::equals).orElse(false);
    }

    /** Where a packet with this source comes in when it arrives from outside the node's own stack. */
    static String ingressFor(NodeEnvironment env, IpAddress src) {
        if (isNodeAddress(env, src)) {
            return LOOPBACK;
        }
        return env.isLocalPod(src) ? env.bridge() : env.uplink();
    }

    /** The interface the routing decision picks for a destination. */
    static String egressFor(NodeEnvironment env, IpAddress dst) {
        if (isNodeAddress(env, dst)) {
            return LOOPBACK;
        }
        return env.isLocalPod(dst) ? env.bridge() : env.uplink();
    }

    /** The host-side veth of a local pod: the prefix plus eight hex digits derived from its address. */
    static String vethOf(NodeEnvironment env, IpAddress podIp) {
        CRC32 crc = new CRC32();
        crc.update(podIp.toString().getBytes(StandardCharsets.US_ASCII));
        return env.podInterfacePrefix() + String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /** The primary address of an interface, as MASQUERADE and REDIRECT use it; null when unknown. */
    static IpAddress primaryAddress(NodeEnvironment env, String iface, IpFamily family) {
        if (iface == null) {
            return null;
        }
        if (iface.equals(LOOPBACK)) {
            return loopback(family);
        }
        if (iface.equals(env.bridge())) {
            return env.bridgeAddress(family).or(() -> env.primaryAddress(family)).orElse(null);
        }
        return env.primaryAddress(family).orElse(null);
    }

    static IpAddress loopback(IpFamily family) {
        return family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : new IpAddress(IpFamily.IPV6, 0, 1);
    }

    /** Why a destination routes where it does, in words for the trace. */
    static String routeReason(NodeEnvironment env, IpAddress dst) {
        if (isNodeAddress(env, dst)) {
            return dst + " is an address of this node";
        }
        String pod = env.localPods().get(dst);
        if (pod != null) {
            return dst + " is pod " + pod + " on this node";
        }
        if (env.isLocalPod(dst)) {
            return dst + " is in this node's pod CIDR";
        }
        return env.remoteNodeOf(dst).map(n -> dst + " is in the pod CIDR of node " + n)
                .orElse(dst + " is not on this node (default route)");
    }
}
