package dev.kpsim.mode.iptables;

import dev.kpsim.core.netfilter.restore.EnsuredChain;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.MarkStyle;
import dev.kpsim.core.netfilter.save.SavePrinter;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.engine.FamilySimulator;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.engine.path.NodePathSimulator;
import dev.kpsim.core.netfilter.engine.NetfilterSimulator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-proxy in iptables mode programs on one node: one {@link RestorePayload} per IP family it proxies
 * (IPv4 first), each with the built-in chain rules kube-proxy inserts outside the payload, plus the chains it
 * ensures outside the payload. Immutable.
 *
 * <p>Formats: {@code restore} — the exact {@code iptables-restore --noflush} input (for dual-stack, the IPv4 and
 * IPv6 payloads each preceded by a {@code #} comment line naming its command, which iptables-restore ignores);
 * {@code json} — chains and rules with provenance. What {@code iptables-save} prints afterwards is built by the
 * netfilter engine from {@link #payloads()} (payload, {@link RestorePayload#builtinJumps()}) and
 * {@link #ensuredChains()}.
 *
 * @param flavour          the output flavour the configured kube-proxy version mapped to
 * @param payloads         one per family, IPv4 first
 * @param ensuredChains    chains created with {@code EnsureChain} outside the payloads (same in every family)
 * @param notes            e.g. the version-to-flavour note
 * @param largeClusterMode kube-proxy's large-cluster mode was on (comments dropped from endpoint rules)
 */
public record IptablesDataPlane(IptablesFlavour flavour, List<RestorePayload> payloads, List<EnsuredChain> ensuredChains,
                                List<Diagnostic> notes, boolean largeClusterMode) implements DataPlane {

    /** The render formats, default first. */
    public static final List<String> FORMATS = List.of("restore", "save", "json");

    public IptablesDataPlane {
        payloads = List.copyOf(payloads);
        ensuredChains = List.copyOf(ensuredChains);
        notes = List.copyOf(notes);
    }

    @Override
    public String mode() {
        return IptablesMode.NAME;
    }

    /** The payload of one family, if the node's proxier runs for it. */
    public Optional<RestorePayload> payload(IpFamily family) {
        return payloads.stream().filter(p -> p.family() == family).findFirst();
    }

    /** True when both an IPv4 and an IPv6 payload are present. */
    public boolean dualStack() {
        return payloads.size() > 1;
    }

    /** {@code iptables-restore} or {@code ip6tables-restore}. */
    public static String restoreCommand(IpFamily family) {
        return family == IpFamily.IPV6 ? "ip6tables-restore" : "iptables-restore";
    }

    @Override
    public String render(String format) {
        return switch (format) {
            case "restore" -> renderRestore();
            case "save" -> renderSave();
            case "json" -> JsonRenderer.render(this);
            default -> throw new IllegalArgumentException("iptables mode has no format '" + format
                    + "' (known: " + String.join(", ", FORMATS) + ")");
        };
    }

    /**
     * The netfilter state of the node after kube-proxy programmed {@code family}: ensured chains, the payload, and
     * the built-in jumps. What {@code iptables-save} lists and what the interpreter runs.
     */
    public Ruleset kernelRuleset(IpFamily family) {
        RestorePayload p = payload(family).orElseThrow(() -> new IllegalArgumentException("no " + family.kubernetesName() + " payload"));
        return KernelRulesets.afterRestore(p, ensuredChains, "<" + restoreCommand(family) + " payload>");
    }

    /**
     * The kernel's netfilter interpreter over this node's rules: IPv4 packets through the iptables ruleset, IPv6
     * packets through the ip6tables one; a family kube-proxy wrote nothing for passes through empty tables. The node's
     * bridge and routes then decide whether the connection completes ({@link NodePathSimulator}: hairpin, replies
     * that bypass the node).
     */
    @Override
    public Optional<Simulator> simulator(NodeEnvironment env) {
        Map<IpFamily, Simulator> sims = new EnumMap<>(IpFamily.class);
        for (IpFamily f : IpFamily.values()) {
            Ruleset r = payload(f).isPresent() ? kernelRuleset(f) : new Ruleset(f, List.of());
            sims.put(f, NetfilterSimulator.of(r, env));
        }
        return Optional.of(NodePathSimulator.wrap(FamilySimulator.of(sims), env));
    }

    /**
     * What {@code iptables-save} prints after the restore: the kernel's canonical form. The 1.2-era flavour keeps
     * the MARK value as written, as the Kubernetes "Debug Services" page prints it.
     */
    private String renderSave() {
        SaveOptions options = flavour.pairedMark() ? SaveOptions.DEFAULT.withMarkStyle(MarkStyle.AS_WRITTEN) : SaveOptions.DEFAULT;
        StringBuilder sb = new StringBuilder();
        for (RestorePayload p : payloads) {
            if (dualStack()) {
                sb.append("# ").append(p.family() == IpFamily.IPV6 ? "ip6tables-save" : "iptables-save").append('\n');
            }
            sb.append(SavePrinter.print(kernelRuleset(p.family()), options));
        }
        return sb.toString();
    }

    private String renderRestore() {
        if (!dualStack()) {
            return payloads.get(0).render();
        }
        StringBuilder sb = new StringBuilder();
        for (RestorePayload p : payloads) {
            sb.append("# ").append(restoreCommand(p.family())).append(" (").append(p.family().kubernetesName())
                    .append(")\n").append(p.render());
        }
        return sb.toString();
    }
}
