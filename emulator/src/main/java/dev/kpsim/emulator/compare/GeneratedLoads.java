package dev.kpsim.emulator.compare;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.emulator.experiment.DataPlaneLoad;
import dev.kpsim.emulator.userspace.ProxyServiceSpec;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.nftables.NftablesDataPlane;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.proxier.AffinityPolicy;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What to load into the node under test for a data plane a mode generated — the same bytes {@code kpsim generate}
 * prints: for iptables mode each family's restore payload with its built-in jumps and the chains kube-proxy ensures
 * (and the nfacct objects its rules count into, which the loader creates); for nftables mode the {@code nft -f} text;
 * for the historical userspace mode the portal rules plus a real proxy serving every proxy port from the generated
 * round-robin state.
 */
public final class GeneratedLoads {

    private GeneratedLoads() {
    }

    /**
     * @throws BadInputException for a mode the emulator cannot load (IPVS needs ipvsadm and a kernel with IPVS)
     */
    public static List<DataPlaneLoad> of(DataPlane dataPlane) {
        if (dataPlane instanceof IptablesDataPlane ip) {
            List<DataPlaneLoad> r = new ArrayList<>();
            for (RestorePayload p : ip.payloads()) {
                r.add(new DataPlaneLoad.Iptables(p, ip.ensuredChains()));
            }
            return r;
        }
        if (dataPlane instanceof NftablesDataPlane nft) {
            return List.of(new DataPlaneLoad.Nftables(nft.render("nft-f")));
        }
        if (dataPlane instanceof UserspaceDataPlane us) {
            List<ProxyServiceSpec> specs = new ArrayList<>();
            for (ServiceInfo info : us.proxier().services().values()) {
                BalancerState state = us.proxier().loadBalancer().state(info.name());
                if (state == null) {
                    state = new BalancerState(List.of(), 0, AffinityPolicy.empty(info.sessionAffinity(), info.stickyMaxAgeSeconds()));
                }
                specs.add(ProxyServiceSpec.of(info, state, us.version()));
            }
            return List.of(new DataPlaneLoad.Iptables(us.payload()), new DataPlaneLoad.UserspaceProxy(specs));
        }
        throw new BadInputException(SourceLocation.UNKNOWN, "emulation-unsupported-mode",
                "the emulator cannot load a " + dataPlane.mode() + " data plane into the kernel");
    }
}
