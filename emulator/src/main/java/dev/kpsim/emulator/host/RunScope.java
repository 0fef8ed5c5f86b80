package dev.kpsim.emulator.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Owns everything one emulation run creates — network namespaces and the processes inside them — and removes
 * all of it on {@link #close()}: on success, on failure (try-with-resources), and on Ctrl-C or SIGTERM (one JVM
 * shutdown hook closes every scope still open). Deleting a namespace also deletes its links (veths, bridges);
 * the processes are stopped first because a live process keeps its namespace alive. Namespaces are only ever
 * created with this run's {@link RunId#prefix()}; the host's own namespace is never touched.
 */
public final class RunScope implements AutoCloseable {

    private static final Set<RunScope> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    private static volatile boolean hookInstalled;

    private final RunId id;
    private final List<String> namespaces = new ArrayList<>();
    private final List<AgentProcess> processes = new ArrayList<>();
    private final List<String> cleanupProblems = new ArrayList<>();
    private boolean closed;

    private RunScope(RunId id) {
        this.id = id;
    }

    /** Opens a scope with a fresh run id and registers it with the shutdown hook. */
    public static RunScope open() {
        installHook();
        RunScope s = new RunScope(RunId.next());
        OPEN.add(s);
        return s;
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                List<RunScope> open;
                synchronized (OPEN) {
                    open = new ArrayList<>(OPEN);
                }
                open.forEach(RunScope::close);
            }, "kpsim-emulator-cleanup"));
            hookInstalled = true;
        }
    }

    public RunId id() {
        return id;
    }

    /** The namespace name for {@code role} in this run: prefix + role. */
    public String namespace(String role) {
        if (!role.matches("[a-z0-9][a-z0-9.-]{0,60}")) {
            throw new IllegalArgumentException("namespace role must be lower-case alphanumerics, '.' and '-': " + role);
        }
        return id.prefix() + role;
    }

    /**
     * Creates the named namespaces ({@code ip -batch} of {@code netns add}). They are recorded before the command
     * runs so a partial failure is still cleaned up.
     *
     * @throws IllegalArgumentException for a name without this run's prefix
     */
    public synchronized void createNamespaces(List<String> names) {
        StringBuilder batch = new StringBuilder();
        for (String n : names) {
            if (!n.startsWith(id.prefix())) {
                throw new IllegalArgumentException("refusing to create namespace " + n + " outside prefix " + id.prefix());
            }
            namespaces.add(n);
            batch.append("netns add ").append(n).append('\n');
        }
        Command.run(List.of("ip", "-batch", "-"), batch.toString(), Command.DEFAULT_TIMEOUT).orThrow("creating network namespaces");
    }

    /** Starts a program and makes this scope responsible for stopping it. */
    public AgentProcess start(String name, List<String> argv) {
        AgentProcess p = AgentProcess.start(name, argv);
        synchronized (this) {
            processes.add(p);
        }
        return p;
    }

    /** Forgets a process that has already finished (a client run). */
    public synchronized void finished(AgentProcess p) {
        processes.remove(p);
    }

    public synchronized List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    /** What went wrong while cleaning up (each item a sentence); empty when everything was removed. */
    public synchronized List<String> cleanupProblems() {
        return List.copyOf(cleanupProblems);
    }

    /**
     * Stops every process (stdin close, then SIGTERM, then SIGKILL, each by pid), kills anything still inside the
     * run's namespaces, and deletes the namespaces in reverse creation order. Idempotent; never throws.
     */
    @Override
    public void close() {
        List<AgentProcess> procs;
        List<String> nss;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            procs = new ArrayList<>(processes);
            nss = new ArrayList<>(namespaces);
        }
        procs.parallelStream().forEach(AgentProcess::close);
        Collections.reverse(nss);
        for (String ns : nss) {
            Optional<String> problem = removeNamespace(ns);
            problem.ifPresent(p -> {
                synchronized (this) {
                    cleanupProblems.add(p);
                }
            });
        }
        OPEN.remove(this);
    }

    /**
     * Kills the processes inside {@code ns} by pid and deletes it. Used for this run's namespaces and, by
     * {@link LeftoverCleanup}, for those of a run that was killed.
     *
     * @return a sentence if the namespace could not be removed
     */
    static Optional<String> removeNamespace(String ns) {
        try {
            for (int round = 0; round < 2; round++) {
                List<Long> pids = NetnsList.pids(ns);
                if (pids.isEmpty()) {
                    break;
                }
                final boolean polite = round == 0;
                for (long pid : pids) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        if (polite) {
                            h.destroy();
                        } else {
                            h.destroyForcibly();
                        }
                    });
                }
                for (long pid : pids) {
                    ProcessHandle.of(pid).ifPresent(h -> h.onExit().completeOnTimeout(h, 2, TimeUnit.SECONDS).join());
                }
            }
            CommandResult r = Command.run(List.of("ip", "netns", "del", ns), null, Duration.ofSeconds(20));
            if (!r.ok() && NetnsList.names().contains(ns)) {
                return Optional.of("could not delete namespace " + ns + ": " + r.stderr().strip());
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("could not delete namespace " + ns + ": " + e.getMessage());
        }
    }
}
