package dev.kpsim.mode.ipvs.model;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.List;

/**
 * One IPVS virtual service ({@code struct ip_vs_service}) with its destinations, as kube-proxy's
 * {@code utilipvs.VirtualServer} describes it plus what ipvsadm prints.
 *
 * <p>{@link #realServers()} are in the <em>kernel's list order</em>: {@code __ip_vs_update_dest}
 * ({@code net/netfilter/ipvs/ip_vs_ctl.c}) inserts a new destination with {@code list_add_rcu} at the head, so the
 * list is the reverse of the order destinations were added, and every scheduler walks it from the head. ipvsadm
 * sorts destinations before printing, so this order is invisible in its output but decides rr's first pick,
 * wrr's stepping and the sh/mh tables.
 *
 * @param fwmark        firewall mark of an fwmark service, else 0 (then protocol and address are set)
 * @param scheduler     scheduler name ({@code rr}, {@code wrr}, ... {@code mh})
 * @param flags         {@link ServiceFlags} bits
 * @param timeoutSeconds persistence timeout; meaningful with {@link ServiceFlags#PERSISTENT}
 * @param netmask       persistence granularity: the IPv4 mask as 32 bits (-1 = /32), or the IPv6 prefix length
 * @param persistenceEngine {@code --pe} name, or "" for none
 * @param frontend      which Service address this stands for ({@link Frontend#UNKNOWN} when read from a dump)
 * @param servicePort   the kube-proxy ServicePortName that produced it, or null
 */
public record VirtualServer(Protocol protocol, IpAddress address, int port, int fwmark, IpFamily family,
                            String scheduler, int flags, int timeoutSeconds, int netmask, String persistenceEngine,
                            List<RealServer> realServers, Frontend frontend, String servicePort) {

    public VirtualServer {
        realServers = List.copyOf(realServers);
        persistenceEngine = persistenceEngine == null ? "" : persistenceEngine;
        frontend = frontend == null ? Frontend.UNKNOWN : frontend;
        if (fwmark == 0 && (protocol == null || address == null)) {
            throw new IllegalArgumentException("a virtual service needs a protocol and address, or a firewall mark");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("virtual service port " + port + " is out of range 0-65535");
        }
        if (scheduler == null || scheduler.isEmpty()) {
            throw new IllegalArgumentException("a virtual service needs a scheduler");
        }
    }

    /** The full netmask value for a family: all 32 bits for IPv4, prefix length 128 for IPv6. */
    public static int fullNetmask(IpFamily family) {
        return family == IpFamily.IPV4 ? -1 : 128;
    }

    /** A virtual service as kube-proxy creates it (full netmask, no pe, no destinations yet). */
    public static VirtualServer kubeProxy(Protocol protocol, IpAddress address, int port, String scheduler, int flags,
                                          int timeoutSeconds, Frontend frontend, String servicePort) {
        return new VirtualServer(protocol, address, port, 0, address.family(), scheduler, flags, timeoutSeconds,
                fullNetmask(address.family()), "", List.of(), frontend, servicePort);
    }

    public VirtualServerKey key() {
        return new VirtualServerKey(protocol, address, port, fwmark, family);
    }

    public boolean persistent() {
        return (flags & ServiceFlags.PERSISTENT) != 0;
    }

    /** True if the netmask is the family's full mask (ipvsadm then prints no {@code mask}). */
    public boolean fullMask() {
        return netmask == fullNetmask(family);
    }

    /** This virtual service with other destinations (given in kernel list order). */
    public VirtualServer withRealServers(List<RealServer> servers) {
        return new VirtualServer(protocol, address, port, fwmark, family, scheduler, flags, timeoutSeconds, netmask,
                persistenceEngine, servers, frontend, servicePort);
    }

    /** This virtual service with another scheduler. */
    public VirtualServer withScheduler(String name) {
        return new VirtualServer(protocol, address, port, fwmark, family, name, flags, timeoutSeconds, netmask,
                persistenceEngine, realServers, frontend, servicePort);
    }

    /** kube-proxy's {@code VirtualServer.String()} ({@code 10.0.1.175:80/TCP}). */
    @Override
    public String toString() {
        return key().toString();
    }
}
