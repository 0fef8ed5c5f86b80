package dev.kpsim.mode.userspace;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.netfilter.save.SavePrinter;
import dev.kpsim.mode.userspace.simulate.UserspaceInterceptor;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.mode.userspace.ports.PortRange;
import dev.kpsim.mode.userspace.proxier.ProxierLogLine;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import dev.kpsim.mode.userspace.render.ProxierRenderer;
import dev.kpsim.mode.userspace.render.RestoreRenderer;
import java.util.List;

/**
 * What a node runs in kube-proxy's userspace mode — historical (removed in kube-proxy 1.26): the portal rules
 * ({@link #payload()}, with the {@code iptablesInit} jumps as built-in jumps) and the userspace proxier's state
 * ({@link #proxier()}: service ports, proxy ports, round-robin and affinity state), plus the log lines written while
 * getting there. Immutable.
 *
 * @param version        the kube-proxy version whose output this follows (1.25 at most)
 * @param portRange      {@code --proxy-port-range}; unset means the kernel chose the proxy ports
 * @param pinnedPorts    the service ports whose proxy port was pinned in the configuration
 * @param seed           the seed of every random choice made
 */
public record UserspaceDataPlane(
        String nodeName,
        KubeProxyVersion version,
        PortRange portRange,
        List<ServicePortName> pinnedPorts,
        long seed,
        RestorePayload payload,
        UserspaceProxier proxier,
        List<ProxierLogLine> log,
        List<Diagnostic> notes) implements DataPlane {

    public UserspaceDataPlane {
        pinnedPorts = List.copyOf(pinnedPorts);
        log = List.copyOf(log);
        notes = List.copyOf(notes);
    }

    @Override
    public String mode() {
        return "userspace";
    }

    /**
     * The node's netfilter state after kube-proxy's {@code iptablesInit} and portal rules: what {@code iptables-save}
     * lists and what the interpreter runs.
     */
    public Ruleset kernelRuleset() {
        return KernelRulesets.afterRestore(payload, List.of(), payload.family() == IpFamily.IPV6
                ? "<ip6tables-restore payload>" : "<iptables-restore payload>");
    }

    /**
     * The node's packet path in userspace mode: the netfilter engine over {@link #kernelRuleset()} (the other family
     * passes through empty tables), with the proxier's sockets taking over what is delivered to a proxy port
     * ({@link UserspaceInterceptor}) and opening the second leg from the node.
     */
    @Override
    public Optional<Simulator> simulator(NodeEnvironment env) {
        UserspaceInterceptor proxy = new UserspaceInterceptor(proxier);
        Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            Ruleset r = f == payload.family() ? kernelRuleset() : new Ruleset(f, List.of());
            sims.put(f, NetfilterSimulator.of(r, env).withInterceptor(proxy));
        }
        return Optional.of(FamilySimulator.of(sims));
    }

    @Override
    public String render(String format) {
        return switch (format) {
            case UserspaceMode.FORMAT_RESTORE -> RestoreRenderer.render(this);
            case UserspaceMode.FORMAT_SAVE -> SavePrinter.print(kernelRuleset(), SaveOptions.DEFAULT);
            case UserspaceMode.FORMAT_PROXIER -> ProxierRenderer.render(this);
            default -> throw new IllegalArgumentException("userspace mode has no format '" + format + "'; it has "
                    + String.join(", ", new UserspaceMode().formats()));
        };
    }
}
