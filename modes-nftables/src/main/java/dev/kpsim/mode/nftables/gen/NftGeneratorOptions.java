package dev.kpsim.mode.nftables.gen;

import dev.kpsim.core.net.Cidr;
import java.util.List;

/**
 * What kube-proxy's nftables proxier knows beyond the cluster and its configuration.
 *
 * @param serviceCidrs the ServiceCIDRs (from {@code OnServiceCIDRsChanged}); when empty, the
 *                     {@code Drop traffic to unallocated ClusterIPs} rule is left out, as kube-proxy does before it
 *                     learns them
 * @param markText     the masquerade mark as written in rules; null means what kube-proxy writes,
 *                     Go's {@code fmt.Sprintf("%#08x", 1 << bit)} ({@code 0x00004000}). Upstream unit tests use
 *                     {@code 0x4000}.
 */
public record NftGeneratorOptions(List<Cidr> serviceCidrs, String markText) {

    public NftGeneratorOptions {
        serviceCidrs = List.copyOf(serviceCidrs);
    }

    public static NftGeneratorOptions defaults() {
        return new NftGeneratorOptions(List.of(), null);
    }

    /** Go's {@code %#08x}: eight hex digits after {@code 0x} (the width does not count the prefix). */
    public static String goHex(int mark) {
        return "0x" + String.format("%08x", mark);
    }
}
