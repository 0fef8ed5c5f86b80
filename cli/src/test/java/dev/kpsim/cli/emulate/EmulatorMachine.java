package dev.kpsim.cli.emulate;

import dev.kpsim.emulator.preflight.Capability;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.preflight.PreflightProbe;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/** Integration-test guard: skips, printing why, when this machine cannot run the emulator. */
final class EmulatorMachine {

    /** What every emulation here needs: root, namespaces, br_netfilter, iptables-nft, nft and nfacct. */
    static final Set<Capability> NEEDS = EnumSet.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.SYSCTL,
            Capability.BR_NETFILTER, Capability.IPTABLES_NFT, Capability.NFT, Capability.NFACCT);

    private static Preflight preflight;

    private EmulatorMachine() {
    }

    static synchronized Preflight preflight() {
        if (preflight == null) {
            preflight = PreflightProbe.probe();
        }
        return preflight;
    }

    /** Skips the calling test unless every capability in {@code needed} is present. */
    static void assume(Set<Capability> needed) {
        List<String> missing = preflight().missing(needed);
        if (!missing.isEmpty()) {
            String reason = "emulator integration test skipped: " + String.join("; ", missing);
            System.out.println(reason);
            Assumptions.abort(reason);
        }
    }
}
