package dev.kpsim.emulator.topology;

import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.emulator.host.AgentLauncher;
import dev.kpsim.emulator.host.AgentProcess;
import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.EmulatorException;
import dev.kpsim.emulator.host.RunScope;
import dev.kpsim.emulator.responder.Responder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link TopologyPlan} built for real inside a {@link RunScope}: namespaces, links, addresses, routes,
 * sysctls, and a responder in every pod. Everything it creates belongs to the scope and goes away with it.
 *
 * <p>After building, it verifies that {@code bridge-nf-call-iptables} reads 1 inside the node under test and
 * that the host's own value did not change (the setting is per network namespace on current kernels).
 */
public final class Topology {

    private final TopologyPlan plan;
    private final RunScope scope;
    private final List<String> findings = new ArrayList<>();
    private HairpinMode hairpinMode;

    private Topology(TopologyPlan plan, RunScope scope) {
        this.plan = plan;
        this.scope = scope;
    }

    /**
     * Creates the namespaces and links of {@code plan}, applies {@code hairpin}, and starts the responders.
     *
     * @throws EmulatorException if a command fails (the scope still removes whatever was created)
     */
    public static Topology build(TopologyPlan plan, RunScope scope, HairpinMode hairpin, AgentLauncher launcher) {
        if (!plan.prefix().equals(scope.id().prefix())) {
            throw new IllegalArgumentException("plan prefix " + plan.prefix() + " is not the scope's " + scope.id().prefix());
        }
        Topology t = new Topology(plan, scope);
        Optional<String> hostBefore = hostBridgeNfCallIptables();
        scope.createNamespaces(plan.namespaces());
        for (Step s : TopologyScript.build(plan)) {
            run(s);
        }
        t.hairpin(hairpin);
        t.verifyBridgeNetfilter(hostBefore);
        t.startResponders(launcher);
        return t;
    }

    static void run(Step s) {
        Command.run(s.argv(), s.stdin(), Command.DEFAULT_TIMEOUT).orThrow("setting up " + s.description());
    }

    /** Switches every node's bridge to {@code mode} (idempotent). */
    public void hairpin(HairpinMode mode) {
        for (Step s : TopologyScript.hairpin(plan, mode)) {
            run(s);
        }
        hairpinMode = mode;
    }

    public HairpinMode hairpinMode() {
        return hairpinMode;
    }

    public TopologyPlan plan() {
        return plan;
    }

    public RunScope scope() {
        return scope;
    }

    /** Facts observed while building (one sentence each), e.g. that bridge-nf-call-iptables is per namespace. */
    public List<String> findings() {
        return List.copyOf(findings);
    }

    private static Optional<String> hostBridgeNfCallIptables() {
        try {
            return Optional.of(Files.readString(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void verifyBridgeNetfilter(Optional<String> hostBefore) {
        String ns = plan.nodeUnderTest().namespace();
        String inside = Command.run(Command.inNamespace(ns, List.of("cat", "/proc/sys/net/bridge/bridge-nf-call-iptables")))
                .orThrow("reading bridge-nf-call-iptables in the node namespace").stdout().strip();
        if (!inside.equals("1")) {
            throw new EmulatorException("bridge-nf-call-iptables reads " + inside + " inside " + ns + " after setting it to 1");
        }
        Optional<String> hostAfter = hostBridgeNfCallIptables();
        if (!hostAfter.equals(hostBefore)) {
            throw new EmulatorException("the host's bridge-nf-call-iptables changed from " + hostBefore.orElse("?") + " to "
                    + hostAfter.orElse("?") + " while setting it inside " + ns + ": this kernel does not keep it per namespace");
        }
        findings.add("bridge-nf-call-iptables=1 inside the node namespace; the host's value (" + hostBefore.orElse("absent")
                + ") is unchanged: the setting is per network namespace on this kernel");
    }

    private void startResponders(AgentLauncher launcher) {
        List<AgentProcess> started = new ArrayList<>();
        for (PodNet p : plan.pods()) {
            if (!p.answers()) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of("--pod", p.key()));
            p.ips().forEach(ip -> {
                args.add("--addr");
                args.add(ip.toString());
            });
            if (!p.tcpPorts().isEmpty()) {
                args.add("--tcp");
                args.add(p.tcpPorts().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            if (!p.udpPorts().isEmpty()) {
                args.add("--udp");
                args.add(p.udpPorts().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            started.add(scope.start("responder " + p.key(), launcher.command(p.namespace(), Responder.class, args)));
        }
        // JVMs start in parallel; allow for many of them sharing a few cores
        Duration timeout = Duration.ofSeconds(20 + started.size());
        for (AgentProcess a : started) {
            a.awaitLine(l -> l.startsWith("READY"), l -> l.startsWith("BIND-FAILED"), timeout);
        }
    }
}
