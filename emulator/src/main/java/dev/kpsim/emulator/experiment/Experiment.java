package dev.kpsim.emulator.experiment;

import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.preflight.Preflight;
import dev.kpsim.emulator.preflight.PreflightProbe;

/**
 * One experiment from start to finish: check the machine, build the world, load the data plane, send the
 * connections, read the counters, remove everything. For several experiments on one world use
 * {@link EmulationSession}.
 */
public final class Experiment {

    private Experiment() {
    }

    /**
     * Runs {@code request} in the real kernel.
     *
     * @throws dev.kpsim.emulator.preflight.EmulationUnavailableException if the machine lacks something (CLI: exit 2)
     * @throws dev.kpsim.core.diag.BadInputException for an unknown node or source, a bad count (CLI: exit 2)
     * @throws dev.kpsim.emulator.host.EmulatorException if the machine fails mid-way (CLI: exit 1); everything is
     *         cleaned up in every case
     */
    public static EmulationResult run(EmulationRequest request) {
        return run(request, PreflightProbe.probe(), AgentLauncher.current());
    }

    /** As {@link #run(EmulationRequest)} with a preflight already taken. */
    public static EmulationResult run(EmulationRequest request, Preflight preflight, AgentLauncher launcher) {
        EmulationResult result;
        EmulationSession session = EmulationSession.open(request.setup(), preflight, launcher);
        try {
            result = session.run(request.traffic()).withSetupMillis(session.setupMillis());
        } finally {
            session.close();
        }
        return session.cleanupProblems().isEmpty() ? result : result.withNotes(session.cleanupProblems());
    }
}
