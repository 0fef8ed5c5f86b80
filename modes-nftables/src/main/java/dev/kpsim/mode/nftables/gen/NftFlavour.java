package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;

/**
 * The layouts of kube-proxy's nftables table that kpsim reproduces, and which kube-proxy releases wrote them.
 * Release boundaries come from the merge dates of the upstream pull requests and are approximate.
 */
public enum NftFlavour {
    /**
     * The GA-era layout ({@code pkg/proxy/nftables/proxier.go} at b0f823e6): filter chains {@code filter-prerouting},
     * {@code filter-input}, {@code filter-forward}, {@code filter-output} at {@code dstnat - 10} and
     * {@code filter-output-post-dnat} at {@code dstnat + 10}; the off-cluster masquerade rule matches
     * {@code ip daddr CIP PROTO dport PORT}; one {@code endpoint-…} chain per endpoint.
     */
    GA("1.31-1.33"),
    /**
     * The layout after kubernetes#131492 and #132456 (2025): {@code filter-prerouting-pre-dnat} and
     * {@code filter-output-pre-dnat} at {@code dstnat - 10}, {@code filter-input}/{@code -forward}/{@code -output} at
     * priority {@code filter} (0); the off-cluster masquerade rule matches only {@code ip daddr CIP}. This is the
     * layout of the upstream {@code proxier_test.go} fixtures.
     */
    V1_34("1.34-1.35"),
    /**
     * The 1.36 layout (kubernetes#135800, #136499 and commit 475f9622c8 "Squash nftables endpoint chains into
     * service vmap"): no {@code mark-for-masquerade} chain (marks are set inline), a {@code hairpin-connections} set
     * matched in {@code masquerading}, service chains DNAT through {@code numgen random mod N map { … }} with
     * endpoint chains only for ClientIP affinity (a single endpoint still gets {@code numgen random mod 1 map}).
     * Reconstructed from a real v1.36.2 {@code nft list} (which kpsim reproduces block for block) and published
     * walkthroughs; rules that listing does not show (external, firewall and affinity chains, masqueradeAll) are
     * inferred from the older layouts with the marks set inline.
     */
    V1_36("1.36");

    private final String releases;

    NftFlavour(String releases) {
        this.releases = releases;
    }

    /** The kube-proxy releases that wrote this layout, e.g. {@code 1.34-1.35}. */
    public String releases() {
        return releases;
    }

    /** The flavour a kube-proxy version maps to, with a note when the mapping is not exact. */
    public record Resolution(NftFlavour flavour, String note) {
    }

    /** Maps a version to the nearest flavour. nftables mode appeared in 1.29 (alpha), 1.31 (beta), GA in 1.33. */
    public static Resolution forVersion(KubeProxyVersion v) {
        if (v.before(1, 29)) {
            return new Resolution(GA, "kube-proxy " + v + " has no nftables mode (added in 1.29); using the "
                    + GA.releases + " layout");
        }
        if (v.before(1, 31)) {
            return new Resolution(GA, "kube-proxy " + v + " wrote an early alpha layout of the nftables table; using the "
                    + GA.releases + " layout");
        }
        if (v.before(1, 34)) {
            return new Resolution(GA, null);
        }
        if (v.before(1, 36)) {
            return new Resolution(V1_34, null);
        }
        return new Resolution(V1_36, v.atLeast(1, 37) ? "kube-proxy " + v + " is newer than the newest layout kpsim"
                + " knows; using the 1.36 layout" : null);
    }
}
