package dev.kpsim.emulator.host;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes namespaces left behind by emulation runs that were killed before their cleanup ran
 * ({@code kpsim emulate --cleanup}). A namespace qualifies when its name has kpsim's form
 * ({@code kpsim-<pid>-<stamp>-…}, see {@link RunId}) and the process that created it is no longer alive —
 * namespaces of a run still in progress (here or in another kpsim process) are left alone unless {@code force}.
 * The processes inside a qualifying namespace (responders, clients, proxies started by that run) are killed by
 * pid before it is deleted.
 */
public final class LeftoverCleanup {

    /** What a cleanup did. */
    public record Report(List<String> removed, List<String> skippedLive, List<String> problems) {
        public Report {
            removed = List.copyOf(removed);
            skippedLive = List.copyOf(skippedLive);
            problems = List.copyOf(problems);
        }
    }

    private LeftoverCleanup() {
    }

    /**
     * @param force also remove namespaces whose creating process is still alive (never this JVM's own open runs)
     */
    public static Report run(boolean force) {
        List<String> removed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (String ns : NetnsList.names()) {
            var id = RunId.ofNamespace(ns);
            if (id.isEmpty()) {
                continue;
            }
            long owner = id.get().pid();
            boolean alive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (alive && (owner == self || !force)) {
                skipped.add(ns);
                continue;
            }
            RunScope.removeNamespace(ns).ifPresentOrElse(problems::add, () -> removed.add(ns));
        }
        return new Report(removed, skipped, problems);
    }
}
