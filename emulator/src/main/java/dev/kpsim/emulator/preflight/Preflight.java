package dev.kpsim.emulator.preflight;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What this machine offers the emulator: one {@link Check} per {@link Capability}. Immutable. The CLI prints
 * {@link #missing} for the capabilities a request needs and exits 2 when any is missing — never a partial run.
 */
public record Preflight(Map<Capability, Check> checks) {

    /** The sentence printed when IPVS is asked for on a kernel without it. */
    public static final String IPVS_UNAVAILABLE = "IPVS is not available in this kernel";

    public Preflight {
        EnumMap<Capability, Check> m = new EnumMap<>(Capability.class);
        m.putAll(checks);
        for (Capability c : Capability.values()) {
            if (!m.containsKey(c)) {
                throw new IllegalArgumentException("preflight has no check for " + c);
            }
        }
        checks = Map.copyOf(m);
    }

    public Check check(Capability c) {
        return checks.get(c);
    }

    public boolean has(Capability c) {
        return checks.get(c).present();
    }

    /** One sentence per missing capability among {@code needed}, in {@link Capability} order; empty if all present. */
    public List<String> missing(Collection<Capability> needed) {
        List<String> r = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (needed.contains(c) && !has(c)) {
                r.add(checks.get(c).detail());
            }
        }
        return r;
    }

    /**
     * Throws if any of {@code needed} is missing.
     *
     * @throws EmulationUnavailableException listing each missing capability
     */
    public void require(Collection<Capability> needed) {
        List<String> m = missing(needed);
        if (!m.isEmpty()) {
            throw new EmulationUnavailableException(m);
        }
    }

    /** Every check, present or not, one line each, for {@code kpsim emulate --preflight}. */
    public List<String> describe() {
        List<String> r = new ArrayList<>();
        for (Capability c : Capability.values()) {
            Check k = checks.get(c);
            r.add((k.present() ? "ok       " : "missing  ") + c.description() + ": " + k.detail());
        }
        return r;
    }
}
