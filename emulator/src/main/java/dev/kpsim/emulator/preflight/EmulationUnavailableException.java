package dev.kpsim.emulator.preflight;

import java.util.List;

/**
 * The machine lacks something a requested emulation needs (root, namespaces, a tool, IPVS). Thrown before
 * anything is created. Each reason is one sentence naming exactly what is missing; the CLI prints them and
 * exits 2.
 */
public final class EmulationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> reasons;

    public EmulationUnavailableException(List<String> reasons) {
        super("cannot emulate on this machine: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
