package dev.kpsim.mode.ipvs.model;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;

/**
 * The identity of an IPVS virtual service: protocol, address and port, or a firewall mark (then protocol and
 * address are null). Two services with the same key cannot coexist in the kernel
 * ({@code ip_vs_service_find} / {@code ip_vs_svc_fwm_find} in {@code ip_vs_ctl.c}).
 */
public record VirtualServerKey(Protocol protocol, IpAddress address, int port, int fwmark, IpFamily family) {

    /** The key of a protocol/address/port service. */
    public static VirtualServerKey of(Protocol protocol, IpAddress address, int port) {
        return new VirtualServerKey(protocol, address, port, 0, address.family());
    }

    /** kube-proxy's {@code VirtualServer.String()}: {@code net.JoinHostPort(addr, port) + "/" + Protocol}. */
    @Override
    public String toString() {
        if (fwmark != 0) {
            return "FWM " + fwmark + (family == IpFamily.IPV6 ? " IPv6" : "");
        }
        String host = address.isV4() ? address.toString() : "[" + address + "]";
        return host + ":" + port + "/" + protocol.name();
    }
}
