package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.kubeproxy.ChainNames;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The chain names kube-proxy derives from a service port, in every form a release ever wrote: iptables mode's
 * {@code KUBE-SVC-}/{@code SVL-}/{@code EXT-}/{@code FW-}/{@code XLB-}/{@code SEP-} plus 16 Base32 characters of
 * SHA-256 of {@code servicePortName + protocol [+ endpoint]} ({@code pkg/proxy/iptables/proxier.go}), with the
 * ServicePortName printed as v1.19+ does ({@code ns/name}, no colon for an unnamed port) or as up to v1.18 did
 * ({@code ns/name:}); and nftables mode's {@code service-}/{@code local-}/{@code external-}/{@code firewall-}/
 * {@code endpoint-} plus {@code hashAndTruncate} of {@code ns/name/proto/port[__ip/port]}
 * ({@code pkg/proxy/nftables/proxier.go}).
 */
public final class KubeProxyNames {
    private KubeProxyNames() {
    }

    /** One way of printing a ServicePortName, with the releases that used it. */
    public record SpnForm(String text, String releases, boolean legacy) {
    }

    /** The forms a service port's name was printed in: v1.19+ first, then the ≤ v1.18 one when it differs. */
    public static List<SpnForm> forms(ServicePortName spn) {
        List<SpnForm> out = new ArrayList<>();
        out.add(new SpnForm(spn.toString(), "v1.19+", false));
        if (!spn.legacyString().equals(spn.toString())) {
            out.add(new SpnForm(spn.legacyString(), "v1.0-v1.18", true));
        }
        return out;
    }

    /** The form a given release prints. */
    public static SpnForm form(ServicePortName spn, KubeProxyVersion version) {
        return version.before(1, 19) && !spn.legacyString().equals(spn.toString())
                ? new SpnForm(spn.legacyString(), "v1.0-v1.18", true) : new SpnForm(spn.toString(), "v1.19+", false);
    }

    /** The iptables service-level chain prefixes, with when kube-proxy wrote them. */
    public static final List<String> SERVICE_PREFIXES = List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-XLB-");

    /** {@code prefix + hash16(spn + proto)}. */
    public static String serviceChain(String prefix, String spnText, String protoLower) {
        return prefix + ChainNames.hash16(spnText + protoLower);
    }

    /** {@code KUBE-SEP- + hash16(spn + proto + ep)}. */
    public static String endpointChain(String spnText, String protoLower, HostPort endpoint) {
        return ChainNames.sep(spnText, protoLower, endpoint.toString());
    }

    /** nftables' {@code hashAndTruncate}: 8 Base32 characters of SHA-256, a dash, the name (cut to 240 with "..."). */
    public static String nftHashAndTruncate(String name) {
        String full = ChainNames.hash16(name).substring(0, 8) + "-" + name;
        return full.length() > 240 ? full.substring(0, 237) + "..." : full;
    }

    /** nftables' service base name {@code ns/name/proto/portName}. */
    public static String nftServiceBase(ServicePortName spn) {
        return spn.namespace() + "/" + spn.name() + "/" + spn.protocol().lower() + "/" + spn.port();
    }

    /** nftables' endpoint base name {@code ns/name/proto/portName__ip/port} (IPv6 colons become dots). */
    public static String nftEndpointBase(ServicePortName spn, HostPort ep) {
        return nftServiceBase(spn) + "__" + ep.ip().toString().replace(':', '.') + "/" + ep.port();
    }

    /** {@code service-XXXXXXXX-ns/name/tcp/port} and friends. */
    public static String nftChain(String prefix, ServicePortName spn) {
        return prefix + nftHashAndTruncate(nftServiceBase(spn));
    }

    /** {@code endpoint-XXXXXXXX-ns/name/tcp/port__ip/port}. */
    public static String nftEndpointChain(ServicePortName spn, HostPort ep) {
        return "endpoint-" + nftHashAndTruncate(nftEndpointBase(spn, ep));
    }
}
