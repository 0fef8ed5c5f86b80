package dev.kpsim.emulator.compare;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.emulator.experiment.Traffic;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.rules.IptablesBackend;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code kpsim emulate} run: the cluster, configuration and node ({@link ProxyInput}), the data plane a mode
 * generated for that node, the frontends to try, an optional single client, how many connections per cell, kubelet's
 * hairpin mode for the ordinary cells, whether to run the hairpin experiment (every local pod backing a targeted
 * service connects to its own ClusterIP under all three hairpin modes), the iptables backend, the seed and the
 * per-connection timeout.
 */
public record AgreementRequest(ProxyInput input, DataPlane dataPlane, List<Frontend> frontends, Optional<TrafficSource> from,
                               int connections, HairpinMode hairpinMode, boolean hairpinExperiment, IptablesBackend backend,
                               long seed, Duration timeout) {

    public AgreementRequest {
        frontends = List.copyOf(frontends);
        if (connections < 1 || connections > Traffic.MAX_CONNECTIONS) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-connections",
                    "connections must be between 1 and " + Traffic.MAX_CONNECTIONS + ", not " + connections);
        }
        hairpinMode = hairpinMode == null ? HairpinMode.DEFAULT : hairpinMode;
        backend = backend == null ? IptablesBackend.NFT : backend;
        timeout = timeout == null ? Traffic.DEFAULT_TIMEOUT : timeout;
    }
}
