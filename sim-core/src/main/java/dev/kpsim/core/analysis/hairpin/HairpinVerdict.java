package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.engine.path.HairpinMode;
import java.util.List;

/**
 * How the pod's connections to its own service fare under one kubelet hairpin mode and bridge-netfilter setting.
 *
 * @param answered    the share of connections answered (exact; for UNVERIFIED, the share known to be answered)
 * @param failed      the share known to fail
 * @param unverified  the share whose fate kpsim has no evidence for
 * @param reasons     the kernel's reason for each kind of connection that matters (self, other local pod)
 */
public record HairpinVerdict(HairpinMode mode, boolean bridgeNfCallIptables, KernelVerdict.Result result,
                             double answered, double failed, double unverified, List<KernelVerdict> reasons) {
    public HairpinVerdict {
        reasons = List.copyOf(reasons);
    }
}
