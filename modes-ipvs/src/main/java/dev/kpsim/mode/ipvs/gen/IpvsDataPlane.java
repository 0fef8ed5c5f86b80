package dev.kpsim.mode.ipvs.gen;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;
import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.save.KernelRulesets;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.mode.ipvs.conn.ProtocolTimeouts;
import dev.kpsim.mode.ipvs.sim.IpvsSimulators;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.mode.ipvs.format.IpsetPrinter;
import dev.kpsim.mode.ipvs.format.IpvsadmListPrinter;
import dev.kpsim.mode.ipvs.format.IpvsadmSavePrinter;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What kube-proxy in IPVS mode programs on one node: the IPVS table (both families), the ipsets (IPv4 sets, then
 * {@code KUBE-6-} sets), the iptables-restore payload per family and the addresses bound to {@code kube-ipvs0}.
 * Immutable.
 *
 * <p>Formats: {@code ipvsadm} ({@code ipvsadm -Ln}), {@code ipvsadm-save} ({@code ipvsadm -Sn}), {@code ipset}
 * ({@code ipset save}), {@code ipset-list} ({@code ipset list}), {@code iptables} (the IPv4 payload, or IPv6 for an
 * IPv6-only node), {@code ip6tables} (the IPv6 payload), {@code iptables-save} / {@code ip6tables-save} (what
 * {@code iptables-save} lists on the node after the restore: with {@link #ipvsadm} and {@link #ipset} output, the dumps
 * {@code kpsim trace --ipvsadm --ipset --iptables-save} reads), {@code all} (each non-empty format but the two
 * {@code -save} listings under a {@code # kpsim: FORMAT} line).
 */
public record IpvsDataPlane(IpvsTable table, List<IpSet> ipsets, Map<IpFamily, RestorePayload> payloads,
                            List<IpAddress> dummyAddresses, IpvsFlavour flavour, List<Diagnostic> notes,
                            ProtocolTimeouts timeouts) implements DataPlane {

    /** The formats in {@link #render} order; the first is the default. */
    public static final List<String> FORMATS = List.of("ipvsadm", "ipvsadm-save", "ipset", "ipset-list", "iptables",
            "ip6tables", "iptables-save", "ip6tables-save", "all");

    public IpvsDataPlane {
        ipsets = List.copyOf(ipsets);
        payloads = payloads.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(payloads));
        dummyAddresses = List.copyOf(dummyAddresses);
        notes = List.copyOf(notes);
        timeouts = timeouts == null ? ProtocolTimeouts.kernelDefaults() : timeouts;
    }

    /** A data plane with the kernel's default IPVS timeouts. */
    public IpvsDataPlane(IpvsTable table, List<IpSet> ipsets, Map<IpFamily, RestorePayload> payloads,
                         List<IpAddress> dummyAddresses, IpvsFlavour flavour, List<Diagnostic> notes) {
        this(table, ipsets, payloads, dummyAddresses, flavour, notes, ProtocolTimeouts.kernelDefaults());
    }

    @Override
    public String mode() {
        return "ipvs";
    }

    /** The iptables payload of a family, if the node has that family. */
    public Optional<RestorePayload> payload(IpFamily family) {
        return Optional.ofNullable(payloads.get(family));
    }

    /**
     * The node's packet path in IPVS mode: per family the netfilter engine over the iptables rules kube-proxy restored
     * (the node's state after {@code iptables-restore}), {@code -m set} answered from {@link #ipsets()}, the
     * {@link #dummyAddresses()} on kube-ipvs0 as local addresses, and IPVS intercepting packets to its virtual
     * services ({@link IpvsSimulators}). Schedulers are deterministic given the run's state, so {@code outcomes} gives
     * the next connection's real server with probability 1.
     */
    @Override
    public Optional<Simulator> simulator(NodeEnvironment env) {
        Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
        payloads.forEach((f, p) -> rulesets.put(f, KernelRulesets.afterRestore(p, List.of(),
                f == IpFamily.IPV6 ? "<ip6tables-restore payload>" : "<iptables-restore payload>")));
        return Optional.of(IpvsSimulators.of(table, ipsets, rulesets, dummyAddresses, timeouts, env));
    }

    @Override
    public String render(String format) {
        return switch (format) {
            case "ipvsadm" -> IpvsadmListPrinter.print(table);
            case "ipvsadm-save" -> IpvsadmSavePrinter.print(table);
            case "ipset" -> IpsetPrinter.save(ipsets);
            case "ipset-list" -> IpsetPrinter.list(ipsets);
            case "iptables" -> payload(IpFamily.IPV4).or(() -> payload(IpFamily.IPV6)).map(RestorePayload::render).orElse("");
            case "ip6tables" -> payload(IpFamily.IPV6).map(RestorePayload::render).orElse("");
            case "iptables-save" -> payload(IpFamily.IPV4).or(() -> payload(IpFamily.IPV6)).map(IpvsDataPlane::save).orElse("");
            case "ip6tables-save" -> payload(IpFamily.IPV6).map(IpvsDataPlane::save).orElse("");
            case "all" -> all();
            default -> throw new IllegalArgumentException("ipvs mode has no format '" + format + "'; formats are " + FORMATS);
        };
    }

    private static String save(RestorePayload p) {
        return KernelRulesets.save(p, List.of(), SaveOptions.DEFAULT);
    }

    private String all() {
        StringBuilder sb = new StringBuilder();
        for (String f : FORMATS) {
            if (f.equals("all") || f.endsWith("tables-save") || (f.equals("ip6tables") && !payloads.containsKey(IpFamily.IPV6))
                    || (f.equals("iptables") && !payloads.containsKey(IpFamily.IPV4))) {
                continue;
            }
            sb.append("# kpsim: ").append(f).append('\n').append(render(f));
        }
        return sb.toString();
    }
}
