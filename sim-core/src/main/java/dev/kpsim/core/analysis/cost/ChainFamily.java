package dev.kpsim.core.analysis.cost;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The family of a chain for counting: kube-proxy's per-service and per-endpoint chains carry a hash
 * ({@code KUBE-SVC-NWV5X2332I4OT4T3}, {@code KUBE-SEP-…}, {@code KUBE-EXT-…}; nftables {@code service-ULMVA6XW-ns/svc/tcp/p80},
 * {@code endpoint-…}) and are counted together as {@code KUBE-SVC-*}, {@code service-*}; every other chain
 * ({@code KUBE-SERVICES}, {@code KUBE-NODEPORTS}, {@code POSTROUTING}, {@code services}) is its own family.
 */
public final class ChainFamily {
    /** {@code servicePortChainName} and friends: a prefix and 16 Base32 characters ({@code pkg/proxy/iptables/proxier.go}). */
    private static final Pattern IPTABLES = Pattern.compile("^(KUBE-[A-Z]+)-[A-Z2-7]{16}$");
    /** {@code hashAndTruncate}: a prefix, 8 Base32 characters and the readable name ({@code pkg/proxy/nftables/proxier.go}). */
    private static final Pattern NFTABLES = Pattern.compile("^([a-z]+(?:-[a-z]+)*)-[A-Z2-7]{8}-.+$");

    private ChainFamily() {
    }

    /** {@code KUBE-SVC-*} for {@code KUBE-SVC-NWV5X2332I4OT4T3}; the name itself for a chain without a hash. */
    public static String of(String chain) {
        Matcher m = IPTABLES.matcher(chain);
        if (m.matches()) {
            return m.group(1) + "-*";
        }
        m = NFTABLES.matcher(chain);
        if (m.matches()) {
            return m.group(1) + "-*";
        }
        return chain;
    }
}
