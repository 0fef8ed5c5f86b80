package dev.kpsim.mode.iptables;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;

/**
 * One output flavour of kube-proxy's iptables proxier ({@code pkg/proxy/iptables/proxier.go}): the set of facts
 * that changed over kube-proxy's history, as data. Generators ask the flavour ("are there arrow comments?",
 * "how many probability decimals?") and never compare version numbers themselves.
 *
 * <p>The known flavours and the kube-proxy releases they reproduce exactly:
 * <ul>
 *   <li>{@link #LATEST} (v1.31 and newer): nfacct counters on the INVALID drop (PR #122812, v1.30) and on
 *       localhost NodePorts (PR #125015, v1.31).</li>
 *   <li>{@link #V1_28}: KUBE-EXT/KUBE-SVL layout without nfacct counters.</li>
 *   <li>{@link #V1_26} (v1.25–v1.26): after PR #110289 (KUBE-PROXY-FIREWALL) and before PR #114470 (v1.27), which
 *       added kube-proxy's own KUBE-FIREWALL localnet rule and the comment-only last rule of KUBE-FW chains; the
 *       INVALID drop ignores {@code nf_conntrack_tcp_be_liberal} (issue #117924 was fixed in v1.28).</li>
 *   <li>{@link #V1_2}: the v1.2 layout as printed in the Kubernetes "Debug Services" page: always-colon
 *       ServicePortName, {@code %0.5f} probabilities, marking inline with
 *       {@code -j MARK --set-xmark 0x00004000/0x00004000}, {@code /32} written explicitly, comments on every rule
 *       and no KUBE-EXT/KUBE-SVL/KUBE-FW chains.</li>
 * </ul>
 *
 * @param name                       the flavour's name, which is also the release it is named after ({@code 1.31})
 * @param layout                     which rule layout the generator writes
 * @param oldestExact                the oldest release this flavour reproduces exactly
 * @param newestExact                the newest release this flavour reproduces exactly
 * @param legacyServicePortName      {@code ns/name:port} with the colon even for an unnamed port (≤ v1.18)
 * @param probabilityDecimals        10 ({@code %0.10f}, PR #83599, v1.17) or 5 ({@code %0.5f})
 * @param hostPrefixExplicit         host addresses written as {@code a.b.c.d/32} in the restore input
 * @param arrowComments              SVC/SVL→SEP rules carry {@code "S -> ip:port"} instead of {@code S}
 * @param pairedMark                 the mark text is {@code "%#08x/%#08x"} (value/mask) rather than {@code "%#08x"}
 * @param nfacctInvalidDrop          the INVALID drop counts into {@code ct_state_invalid_dropped_pkts}
 * @param nfacctLocalhostNodePorts   a localhost NodePort rule counting into {@code localhost_nps_accepted_pkts}
 * @param kubeFirewallRule           kube-proxy writes its own copy of kubelet's KUBE-FIREWALL localnet rule and
 *                                   ensures kubelet's INPUT/OUTPUT jumps to it (PR #114470)
 * @param firewallChainTerminalRule  KUBE-FW chains end with the comment-only "other traffic ... will be dropped"
 *                                   rule (PR #114470)
 * @param invalidDropHonoursTcpLiberal the INVALID drop is left out when {@code nf_conntrack_tcp_be_liberal} is set
 * @param largeClusterComments       comments are dropped from SEP and SVC→SEP rules above 1000 endpoints (PR #65755)
 * @param normalizedSourceRanges     source ranges are printed as parsed prefixes ({@code cidr.String()}) rather
 *                                   than as the trimmed spec text
 */
public record IptablesFlavour(
        String name,
        Layout layout,
        KubeProxyVersion oldestExact,
        KubeProxyVersion newestExact,
        boolean legacyServicePortName,
        int probabilityDecimals,
        boolean hostPrefixExplicit,
        boolean arrowComments,
        boolean pairedMark,
        boolean nfacctInvalidDrop,
        boolean nfacctLocalhostNodePorts,
        boolean kubeFirewallRule,
        boolean firewallChainTerminalRule,
        boolean invalidDropHonoursTcpLiberal,
        boolean largeClusterComments,
        boolean normalizedSourceRanges) {

    /** The two rule layouts kube-proxy has used. */
    public enum Layout {
        /** v1.24+: KUBE-SVC / KUBE-SVL / KUBE-EXT / KUBE-FW chains, filter REJECT/DROP rules, KUBE-MARK-MASQ. */
        EXT_SVL,
        /** v1.0–v1.3: one KUBE-SVC chain per service port, masquerade marks set inline, nat table only. */
        INLINE_MARK
    }

    /** v1.31 and newer (the default). */
    public static final IptablesFlavour LATEST = new IptablesFlavour("1.31", Layout.EXT_SVL,
            new KubeProxyVersion(1, 31), KubeProxyVersion.LATEST,
            false, 10, false, true, false, true, true, true, true, true, true, true);

    /** v1.28: the modern layout before the nfacct counters. */
    public static final IptablesFlavour V1_28 = new IptablesFlavour("1.28", Layout.EXT_SVL,
            new KubeProxyVersion(1, 28), new KubeProxyVersion(1, 28),
            false, 10, false, true, false, false, false, true, true, true, true, false);

    /** v1.25–v1.26: KUBE-PROXY-FIREWALL present, no KUBE-FIREWALL rule and no KUBE-FW terminal rule. */
    public static final IptablesFlavour V1_26 = new IptablesFlavour("1.26", Layout.EXT_SVL,
            new KubeProxyVersion(1, 25), new KubeProxyVersion(1, 26),
            false, 10, false, true, false, false, false, false, false, false, true, false);

    /** v1.2: the layout of the Kubernetes "Debug Services" hostnames example. */
    public static final IptablesFlavour V1_2 = new IptablesFlavour("1.2", Layout.INLINE_MARK,
            new KubeProxyVersion(1, 2), new KubeProxyVersion(1, 2),
            true, 5, true, false, true, false, false, false, false, false, false, false);

    /** Every known flavour, oldest first. */
    public static final java.util.List<IptablesFlavour> KNOWN = java.util.List.of(V1_2, V1_26, V1_28, LATEST);

    /** True if this flavour reproduces {@code v} exactly (rather than approximately). */
    public boolean reproducesExactly(KubeProxyVersion v) {
        return v.compareTo(oldestExact) >= 0 && v.compareTo(newestExact) <= 0;
    }

    /**
     * The flavour that reproduces {@code v}: the flavour whose exact range contains it, else the nearest one by
     * minor-version distance to its exact range (ties go to the newer flavour). Releases before v1.19 always map
     * to {@link #V1_2}, since only that flavour prints the always-colon ServicePortName those releases hashed.
     */
    public static IptablesFlavour forVersion(KubeProxyVersion v) {
        for (IptablesFlavour f : KNOWN) {
            if (f.reproducesExactly(v)) {
                return f;
            }
        }
        if (v.before(1, 19)) {
            return V1_2;
        }
        IptablesFlavour best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (IptablesFlavour f : KNOWN) {
            if (f.legacyServicePortName) {
                continue;
            }
            int d = v.compareTo(f.oldestExact) < 0 ? minorDistance(f.oldestExact, v) : minorDistance(v, f.newestExact);
            if (d <= bestDistance) {
                best = f;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int minorDistance(KubeProxyVersion high, KubeProxyVersion low) {
        return (high.major() - low.major()) * 100 + high.minor() - low.minor();
    }

    @Override
    public String toString() {
        return name;
    }
}
