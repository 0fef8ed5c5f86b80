package dev.kpsim.emulator.host;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The unique name prefix of one emulation run: {@code kpsim-<pid>-<stamp>-}. Every namespace the run creates
 * starts with it, so leftovers are recognisable and the owning process id is readable from the name (see
 * {@link LeftoverCleanup}). The stamp is the time in base 36 plus a per-JVM counter, so runs in the same JVM and
 * across restarts with a reused pid do not collide.
 */
public record RunId(long pid, String stamp) {

    /** Every kpsim namespace name starts with this. */
    public static final String PREFIX = "kpsim-";

    private static final AtomicInteger COUNTER = new AtomicInteger();

    public RunId {
        if (!stamp.matches("[0-9a-z]{1,12}")) {
            throw new IllegalArgumentException("run stamp must be 1-12 base-36 characters: " + stamp);
        }
    }

    /** A new id for this JVM. */
    public static RunId next() {
        long t = (System.currentTimeMillis() / 100) % (36L * 36 * 36 * 36);
        String stamp = Long.toString(t, 36) + Integer.toString(COUNTER.getAndIncrement() % 1296, 36);
        return new RunId(ProcessHandle.current().pid(), stamp);
    }

    /** {@code kpsim-<pid>-<stamp>-}. */
    public String prefix() {
        return PREFIX + pid + "-" + stamp + "-";
    }

    /** The run id a namespace name belongs to, if it has kpsim's form. */
    public static Optional<RunId> ofNamespace(String ns) {
        if (!ns.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = ns.substring(PREFIX.length()).split("-", 3);
        if (parts.length < 3 || !parts[0].matches("[0-9]{1,10}") || !parts[1].matches("[0-9a-z]{1,12}")) {
            return Optional.empty();
        }
        return Optional.of(new RunId(Long.parseLong(parts[0]), parts[1]));
    }
}
