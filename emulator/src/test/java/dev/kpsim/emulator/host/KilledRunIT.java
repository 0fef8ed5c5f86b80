package dev.kpsim.emulator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.emulator.fixtures.Machine;
import dev.kpsim.emulator.fixtures.SessionHolder;
import dev.kpsim.emulator.preflight.Capability;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run interrupted from outside leaves nothing behind: SIGTERM runs the shutdown hook; SIGKILL needs --cleanup. */
class KilledRunIT {

    private static final Set<Capability> NEEDS = Set.of(Capability.ROOT, Capability.IP, Capability.NETNS, Capability.SYSCTL,
            Capability.BR_NETFILTER, Capability.IPTABLES_NFT);

    private static Process holder() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SessionHolder.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String awaitUp(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("UP ")) {
                return line.substring(3);
            }
        }
        throw new AssertionError("the session holder exited before it was up");
    }

    private static List<String> withPrefix(String prefix) {
        return NetnsList.names().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Test
    void sigtermRunsTheCleanup() throws Exception {
        Machine.assume(NEEDS);
        Process p = holder();
        try {
            String prefix = awaitUp(p);
            assertThat(withPrefix(prefix)).hasSizeGreaterThan(5);
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(withPrefix(prefix)).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void afterSigkillTheAgentsExitAndCleanupRemovesTheNamespaces() throws Exception {
        Machine.assume(NEEDS);
        Process p = holder();
        String prefix;
        try {
            prefix = awaitUp(p);
            List<Long> agents = withPrefix(prefix).stream().flatMap(ns -> NetnsList.pids(ns).stream()).toList();
            assertThat(agents).isNotEmpty();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // the responders notice their stdin closing and exit on their own
            for (long pid : agents) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().completeOnTimeout(h, 15, TimeUnit.SECONDS).join());
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("agent %d", pid).isFalse();
            }
            assertThat(withPrefix(prefix)).isNotEmpty();
        } finally {
            p.destroyForcibly();
        }
        LeftoverCleanup.Report r = LeftoverCleanup.run(false);
        assertThat(r.problems()).isEmpty();
        assertThat(withPrefix(prefix)).isEmpty();
    }
}
