package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.analysis.explain.Explainer;
import dev.kpsim.core.analysis.explain.RuleExplanation;
import dev.kpsim.core.analysis.reach.NodeTarget;
import dev.kpsim.core.analysis.reach.NodeTargets;
import dev.kpsim.core.analysis.reach.Spread;
import dev.kpsim.core.engine.path.HairpinMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.EntryPoint;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * For each pod behind a service, the pod connects to its own service: the exact shares from the node's simulator
 * ({@code outcomes}, no sampling), the rules that translate the self-directed connections, and what the bridge does
 * with them under each kubelet hairpin mode and {@code bridge-nf-call-iptables} setting ({@link BridgeKernelFacts}).
 * Works for any mode with a simulator: the path is read from the trace (a DNAT at PREROUTING is bridged; a translation
 * elsewhere is routed by the host). Pure given its inputs.
 */
public final class HairpinAnalysis {
    /** kubelet's hairpin modes in the order verdicts are listed: no bridge change first, then the two that act. */
    public static final List<HairpinMode> MODES = List.of(HairpinMode.NONE, HairpinMode.HAIRPIN_VETH,
            HairpinMode.PROMISCUOUS_BRIDGE);

    private HairpinAnalysis() {
    }

    /** The source port of every connection: the first port of Linux's ephemeral range. */
    public static final int SOURCE_PORT = 32768;

    /** Roles of the rules a hairpin verdict cites (the choice, the hairpin mark, the DNAT, the masquerade). */
    static final Set<String> CITED_ROLES = Set.of("load-balance", "load-balance-dnat", "affinity-check",
            "hairpin-masquerade", "hairpin-set-masquerade", "loop-back-masquerade", "endpoint-dnat", "mark-masq",
            "postrouting-masquerade", "portal-redirect");

    /**
     * Runs every subject.
     *
     * @param invalidDrop per node, the forward path's conntrack-INVALID drop rule if the node has one
     */
    public static HairpinReport run(String mode, List<HairpinSubject> subjects, NodeTargets targets,
                                    Function<String, Optional<CitedRule>> invalidDrop) {
        List<HairpinCase> cases = new ArrayList<>();
        for (HairpinSubject s : subjects) {
            targets.node(s.node()).ifPresent(t -> cases.add(analyse(s, t, invalidDrop.apply(s.node()))));
        }
        return new HairpinReport(mode, cases);
    }

    static HairpinCase analyse(HairpinSubject s, NodeTarget t, Optional<CitedRule> invalidDrop) {
        Packet p = Packet.of(s.protocol(), new HostPort(s.podAddress(), SOURCE_PORT), s.frontend());
        Spread.Result spread = Spread.of(t.simulator(), p, EntryPoint.PREROUTING);
        List<Outcome> outcomes = spread.outcomes();
        double self = 0;
        double otherLocalMasq = 0;
        double otherLocalPlain = 0;
        double remote = 0;
        double lost = 0;
        double selfMasq = 0;
        double selfPlain = 0;
        IpAddress selfSource = null;
        SelfPath path = null;
        Map<String, CitedRule> rules = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            if (o.verdict() != Verdict.ACCEPT || o.destination() == null) {
                lost += o.probability();
                continue;
            }
            IpAddress dest = o.destination().ip();
            boolean masq = o.masquerade() || (o.newSource() != null && !o.newSource().equals(s.podAddress()));
            if (dest.equals(s.podAddress())) {
                self += o.probability();
                if (masq) {
                    selfMasq += o.probability();
                    if (selfSource == null) {
                        selfSource = o.newSource();
                    }
                } else {
                    selfPlain += o.probability();
                }
                if (path == null) {
                    path = path(o.hops(), s.podAddress());
                }
                cite(o.hops(), rules);
            } else if (t.environment().isLocalPod(dest)) {
                if (masq) {
                    otherLocalMasq += o.probability();
                } else {
                    otherLocalPlain += o.probability();
                }
            } else {
                remote += o.probability();
            }
        }
        if (self > 0 && invalidDrop.isPresent()) {
            rules.put(invalidDrop.get().where(), invalidDrop.get());
        }
        List<HairpinVerdict> verdicts = new ArrayList<>();
        for (boolean brNf : new boolean[] {true, false}) {
            for (HairpinMode mode : HairpinAnalysis.MODES) {
                verdicts.add(verdict(mode, brNf, path, selfMasq, selfPlain, otherLocalMasq, otherLocalPlain, remote, lost,
                        invalidDrop.isPresent()));
            }
        }
        return new HairpinCase(s, self, self == 0 ? null : selfMasq > 0, selfSource, path,
                otherLocalMasq + otherLocalPlain, remote, lost, List.copyOf(rules.values()), verdicts, spread.basis());
    }

    private static HairpinVerdict verdict(HairpinMode mode, boolean brNf, SelfPath path, double selfMasq, double selfPlain,
                                          double localMasq, double localPlain, double remote, double lost,
                                          boolean invalidDrop) {
        double answered = remote;
        double failed = lost;
        double unverified = 0;
        List<KernelVerdict> reasons = new ArrayList<>();
        for (Object[] part : new Object[][] {{selfMasq, true}, {selfPlain, false}}) {
            double share = (Double) part[0];
            if (share == 0) {
                continue;
            }
            KernelVerdict k = BridgeKernelFacts.selfConnection(mode, brNf, path, (Boolean) part[1], invalidDrop);
            reasons.add(k);
            switch (k.result()) {
                case WORKS -> answered += share;
                case FAILS -> failed += share;
                case UNVERIFIED -> unverified += share;
            }
        }
        for (Object[] part : new Object[][] {{localMasq, true}, {localPlain, false}}) {
            double share = (Double) part[0];
            if (share == 0) {
                continue;
            }
            KernelVerdict k = BridgeKernelFacts.otherLocalPod(brNf, (Boolean) part[1]);
            if (k.result() == KernelVerdict.Result.WORKS) {
                answered += share;
            } else {
                failed += share;
                reasons.add(k);
            }
        }
        KernelVerdict.Result r = unverified > 1e-12 ? KernelVerdict.Result.UNVERIFIED
                : failed > 1e-12 ? KernelVerdict.Result.FAILS : KernelVerdict.Result.WORKS;
        return new HairpinVerdict(mode, brNf, r, answered, failed, unverified, reasons);
    }

    /** Where the connection was translated to the pod: at PREROUTING (bridged DNAT) or later by the host. */
    static SelfPath path(List<Step> hops, IpAddress pod) {
        Hook hook = null;
        for (Step st : hops) {
            if (st instanceof Step.HookStep h) {
                hook = h.hook();
            } else if (st instanceof Step.TransformStep tr && tr.after() != null && tr.before() != null
                    && tr.after().destination().equals(pod) && !tr.before().destination().equals(pod)) {
                boolean dnat = tr.kind().toUpperCase(java.util.Locale.ROOT).startsWith("DNAT");
                return dnat && hook == Hook.PREROUTING ? SelfPath.BRIDGED_DNAT : SelfPath.HOST_ROUTED;
            } else if (st instanceof Step.ModeStep) {
                return SelfPath.HOST_ROUTED;
            }
        }
        return SelfPath.BRIDGED_DNAT;
    }

    private static void cite(List<Step> hops, Map<String, CitedRule> rules) {
        for (Step st : hops) {
            if (st instanceof Step.RuleStep r) {
                Optional<RuleExplanation> e = Explainer.explain(r);
                if (e.isPresent() && CITED_ROLES.contains(e.get().role())) {
                    String where = r.table() + ":" + r.chain() + " rule " + r.ruleNumber();
                    rules.putIfAbsent(where, new CitedRule(where, r.ruleText(), e.get().reason()));
                }
            }
        }
    }
}
