package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;

/**
 * A port the userspace proxier holds open so nothing else can take it ({@code portMap} entries made by
 * {@code claimNodePort} in {@code pkg/proxy/userspace/proxier.go}): every NodePort (on all addresses, {@code ip} null,
 * printed {@code <nil>} as Go prints a nil IP) and every portal whose IP is one of the node's own addresses.
 *
 * @param owner the ServicePortName string of the claiming service port
 */
public record ClaimedPort(IpAddress ip, int port, Protocol protocol, String owner) {

    /** The key as the proxier logged it: {@code 10.240.115.247:80/TCP}, {@code <nil>:30080/TCP}. */
    public String key() {
        String host = ip == null ? "<nil>" : ip.isV4() ? ip.toString() : "[" + ip + "]";
        return host + ":" + port + "/" + protocol.name();
    }
}
