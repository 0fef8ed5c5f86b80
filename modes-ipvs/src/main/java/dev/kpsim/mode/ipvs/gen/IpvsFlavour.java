package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;

/**
 * The kube-proxy IPVS-mode output flavours kpsim reproduces, each verified against one version of
 * {@code pkg/proxy/ipvs/proxier.go}.
 * <ul>
 *   <li>{@link #CURRENT}: v1.29 and later — {@code -s 127.0.0.0/8 -j RETURN} at the top of KUBE-SERVICES,
 *   filter KUBE-PROXY-FIREWALL / KUBE-SOURCE-RANGES-FIREWALL / KUBE-IPVS-FILTER / KUBE-IPVS-OUT-FILTER, the
 *   KUBE-IPVS-IPS and KUBE-HEALTH-CHECK-NODE-PORT sets, mark text {@code %#08x} ({@code 0x00004000}), loopback
 *   excluded from NodePort addresses, local-policy fallback to cluster endpoints (PR #97081).</li>
 *   <li>{@link #V1_18}: v1.18 and earlier — nat KUBE-FIREWALL + KUBE-MARK-DROP for source ranges, KUBE-FORWARD as
 *   the only filter chain, mark text {@code %#08x/%#08x} with {@code --set-xmark}, a single MASQUERADE rule that
 *   tests the mark, KUBE-POSTROUTING/KUBE-MARK-MASQ rules first in the nat payload, 127.0.0.1 among NodePort
 *   addresses, and no fallback when a local policy finds no local endpoint.</li>
 * </ul>
 * Versions 1.19–1.28 are rendered as {@link #CURRENT}; the data plane carries a note saying so.
 */
public enum IpvsFlavour {
    CURRENT, V1_18;

    /** The flavour for a kube-proxy version. */
    public static IpvsFlavour of(KubeProxyVersion v) {
        return v.before(1, 19) ? V1_18 : CURRENT;
    }

    /** True when {@code v} is rendered in a flavour that was verified for a different release line. */
    public static boolean approximated(KubeProxyVersion v) {
        return v.atLeast(1, 19) && v.before(1, 29);
    }
}
