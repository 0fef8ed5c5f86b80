package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;

/**
 * kube-proxy's nftables chain and set names ({@code pkg/proxy/nftables/proxier.go} {@code hashAndTruncate},
 * {@code servicePortChainNameBase}, {@code servicePortEndpointChainNameBase}): the first 8 Base32 characters of the
 * SHA-256 of a readable name, a dash, then the name itself; names longer than 240 characters are cut to 237 and
 * end in {@code ...}. The service name is {@code NS/NAME/PROTO/PORTNAME} (an unnamed port leaves a trailing slash);
 * the endpoint name appends {@code __IP/PORT} with an IPv6 address's colons replaced by dots.
 */
public final class NftNames {

    /** knftables.NameLengthMax (256) minus the longest prefix (16). */
    static final int BASE_LENGTH_MAX = 240;

    private NftNames() {
    }

    /** {@code HASH8-name}, truncated as kube-proxy truncates. */
    public static String hashAndTruncate(String name) {
        String out = ChainNames.hash16(name).substring(0, 8) + "-" + name;
        if (out.length() > BASE_LENGTH_MAX) {
            out = out.substring(0, BASE_LENGTH_MAX - 3) + "...";
        }
        return out;
    }

    /** {@code ULMVA6XW-ns1/svc1/tcp/p80}. */
    public static String serviceBase(ServicePortName spn) {
        return hashAndTruncate(spn.namespace() + "/" + spn.name() + "/" + spn.protocol().lower() + "/" + spn.port());
    }

    /** {@code 5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80}. */
    public static String endpointBase(ServicePortName spn, HostPort endpoint) {
        String ip = endpoint.ip().toString().replace(':', '.');
        return hashAndTruncate(spn.namespace() + "/" + spn.name() + "/" + spn.protocol().lower() + "/" + spn.port()
                + "__" + ip + "/" + endpoint.port());
    }
}
