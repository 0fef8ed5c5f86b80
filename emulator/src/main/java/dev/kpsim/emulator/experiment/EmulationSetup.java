package dev.kpsim.emulator.experiment;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The emulated world: the cluster, the node under test, the data plane(s) loaded into that node, the iptables
 * backend, and kubelet's hairpin mode.
 */
public record EmulationSetup(Cluster cluster, String nodeName, List<DataPlaneLoad> dataPlanes, IptablesBackend backend, HairpinMode hairpinMode) {

    public EmulationSetup {
        dataPlanes = List.copyOf(dataPlanes);
        backend = backend == null ? IptablesBackend.NFT : backend;
        hairpinMode = hairpinMode == null ? HairpinMode.HAIRPIN_VETH : hairpinMode;
    }

    /** Everything the machine must offer to build this setup. */
    public Set<Capability> needs() {
        Set<Capability> s = EnumSet.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.SYSCTL, Capability.BR_NETFILTER);
        dataPlanes.forEach(d -> s.addAll(d.needs(backend)));
        return s;
    }

    public EmulationSetup withHairpinMode(HairpinMode m) {
        return new EmulationSetup(cluster, nodeName, dataPlanes, backend, m);
    }

    public EmulationSetup withDataPlanes(List<DataPlaneLoad> d) {
        return new EmulationSetup(cluster, nodeName, d, backend, hairpinMode);
    }
}
