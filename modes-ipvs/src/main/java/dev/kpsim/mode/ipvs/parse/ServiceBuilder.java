package dev.kpsim.mode.ipvs.parse;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;

/** Mutable accumulator of one virtual service while a dump is read; destinations in file order. */
final class ServiceBuilder {
    Protocol protocol;
    IpAddress address;
    int port;
    int fwmark;
    IpFamily family = IpFamily.IPV4;
    String scheduler = "wlc";
    int flags;
    int timeout;
    Integer netmask;
    String pe = "";
    final List<RealServer> dests = new ArrayList<>();

    /**
     * The virtual service. Destinations listed in a dump were (re)added in file order by {@code ipvsadm -R}, and the
     * kernel puts each new one at the head of its list, so the kernel list order is the file order reversed.
     */
    VirtualServer build() {
        List<RealServer> kernelOrder = new ArrayList<>(dests);
        java.util.Collections.reverse(kernelOrder);
        return new VirtualServer(protocol, address, port, fwmark, family, scheduler, flags, timeout,
                netmask == null ? VirtualServer.fullNetmask(family) : netmask, pe, kernelOrder, Frontend.UNKNOWN, null);
    }
}
