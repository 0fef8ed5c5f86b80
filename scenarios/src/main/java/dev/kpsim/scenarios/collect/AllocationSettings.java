package dev.kpsim.scenarios.collect;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import java.util.List;

/**
 * The API server's allocation ranges as a compact scenario states them ({@code allocation:}): the service CIDRs
 * ({@code --service-cluster-ip-range}, default {@code 10.96.0.0/12}) and the NodePort range
 * ({@code --service-node-port-range}, default {@code 30000-32767}).
 *
 * @param serviceCidrExplicit the scenario wrote {@code serviceCIDR}, so ClusterIPs outside it are errors
 */
public record AllocationSettings(List<Cidr> serviceCidrs, boolean serviceCidrExplicit, int nodePortMin, int nodePortMax,
                                 SourceLocation location) {

    public AllocationSettings {
        serviceCidrs = List.copyOf(serviceCidrs);
    }

    /** The kube-apiserver defaults. */
    public static AllocationSettings defaults() {
        return new AllocationSettings(List.of(Cidr.parse("10.96.0.0/12")), false, 30000, 32767, SourceLocation.UNKNOWN);
    }

    /** True if both describe the same ranges (locations aside). */
    public boolean sameRanges(AllocationSettings o) {
        return serviceCidrs.equals(o.serviceCidrs) && nodePortMin == o.nodePortMin && nodePortMax == o.nodePortMax;
    }
}
