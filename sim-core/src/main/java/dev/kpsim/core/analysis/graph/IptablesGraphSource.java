package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.engine.RuleText;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.save.KernelCanonicalizer;
import dev.kpsim.core.netfilter.save.MarkStyle;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Adapts an iptables {@link Ruleset} (generated, or parsed from {@code iptables-save}; iptables, IPVS and userspace
 * modes all program one) to a {@link RuleGraphSource}: each {@code -j}/{@code -g} to a user chain becomes a jump with
 * the rule's {@code statistic} probability, and each match a {@link Condition} that lint can reason about
 * ({@code -m comment} and {@code -m nfacct} always match; {@code recent}, {@code set}, {@code physdev}, {@code nth}
 * and unknown modules are opaque). ACCEPT, DROP, REJECT, RETURN, the NAT targets and gotos end a chain's evaluation,
 * as in {@code ipt_do_table}.
 */
public final class IptablesGraphSource {
    private IptablesGraphSource() {
    }

    public static RuleGraphSource of(Ruleset ruleset, String mode) {
        return of(List.of(ruleset), mode);
    }

    /**
     * The rulesets of a dual-stack node in one source: the IPv4 tables keep their names ({@code nat}), the IPv6 tables
     * of a node that has both are named {@code ip6 nat}, … (iptables and ip6tables never see each other's packets).
     */
    public static RuleGraphSource of(List<Ruleset> rulesets, String mode) {
        List<GraphChain> chains = new ArrayList<>();
        boolean dual = rulesets.stream().map(Ruleset::family).distinct().count() > 1;
        for (Ruleset ruleset : rulesets) {
            IpFamily family = ruleset.family();
            String prefix = dual && family == IpFamily.IPV6 ? "ip6 " : "";
            for (Table t : ruleset.tables()) {
                String table = prefix + t.name();
                for (Chain c : t.chains()) {
                    List<GraphRule> rules = new ArrayList<>();
                    int n = 0;
                    for (Rule r : c.rules()) {
                        rules.add(rule(table, c.name(), ++n, r, family));
                    }
                    chains.add(new GraphChain(table, c.name(), c.isBuiltin() ? c.name() : null, c.policy(), rules,
                            c.rules().isEmpty() ? null : c.rules().get(0).location()));
                }
            }
        }
        return new RuleGraphSource(mode, chains);
    }

    static GraphRule rule(String table, String chain, int number, Rule r, IpFamily family) {
        List<Condition> conditions = new ArrayList<>();
        List<Match> shown = new ArrayList<>();
        Double probability = null;
        for (Match m : r.matches()) {
            if (m instanceof CommentMatch || m instanceof NfacctMatch) {
                continue;
            }
            if (m instanceof RandomMatch rm) {
                double p = rm.negated() ? 1 - rm.probability() : rm.probability();
                probability = p;
                if (p < 1) {
                    conditions.add(Condition.of(Condition.Field.PROBABILITY, false, Double.toString(p), "statistic " + p));
                }
                continue;
            }
            shown.add(m);
            conditions.addAll(conditions(m, family));
        }
        String matchText = KernelCanonicalizer.ruleArgs(new Rule(shown, NoTarget.INSTANCE, null, null, null, null), family,
                MarkStyle.KERNEL);
        List<GraphJump> jumps = new ArrayList<>();
        if (r.target() instanceof JumpTarget j) {
            jumps.add(new GraphJump(table, j.chain(), j.isGoto(), "", probability));
        }
        return new GraphRule(number, RuleText.format(chain, r, family), matchText, conditions, jumps, action(r.target()),
                verdict(r.target()), r.provenance(), r.location());
    }

    private static GraphRule.Action action(Target t) {
        if (t instanceof StandardTarget || t instanceof RejectTarget || t instanceof DnatTarget || t instanceof SnatTarget
                || t instanceof MasqueradeTarget || t instanceof RedirectTarget) {
            return GraphRule.Action.FINAL;
        }
        if (t instanceof JumpTarget j && j.isGoto()) {
            return GraphRule.Action.FINAL;
        }
        return GraphRule.Action.CONTINUE;
    }

    private static String verdict(Target t) {
        if (t instanceof DnatTarget d) {
            return "DNAT " + d.to().text();
        }
        if (t instanceof SnatTarget s) {
            return "SNAT " + s.to().text();
        }
        if (t instanceof MasqueradeTarget) {
            return "MASQUERADE";
        }
        if (t instanceof RedirectTarget r) {
            return "REDIRECT" + (r.toPorts() == null ? "" : " " + r.toPorts());
        }
        if (t instanceof RejectTarget) {
            return "REJECT";
        }
        if (t instanceof StandardTarget s && s.kind() == StandardTarget.Kind.DROP) {
            return "DROP";
        }
        return null;
    }

    private static String text(Match m, IpFamily family) {
        return KernelCanonicalizer.ruleArgs(new Rule(List.of(m), NoTarget.INSTANCE, null, null, null, null), family,
                MarkStyle.KERNEL);
    }

    static List<Condition> conditions(Match m, IpFamily family) {
        String text = text(m, family);
        List<Condition> out = new ArrayList<>();
        if (m instanceof AddressMatch a) {
            out.add(Condition.of(a.side() == Side.SOURCE ? Condition.Field.SOURCE : Condition.Field.DESTINATION,
                    a.negated(), a.cidr().toString(), text));
        } else if (m instanceof ProtocolMatch p) {
            String proto = p.protocol().toLowerCase(Locale.ROOT);
            if (!(proto.equals("all") || proto.equals("0")) || p.negated()) {
                out.add(Condition.of(Condition.Field.PROTOCOL, p.negated(), proto, text));
            }
        } else if (m instanceof PortMatch pm) {
            if (pm.sourcePort() != null) {
                out.add(port(Condition.Field.SOURCE_PORT, pm.sourcePort(), text));
            }
            if (pm.destinationPort() != null) {
                out.add(port(Condition.Field.DESTINATION_PORT, pm.destinationPort(), text));
            }
            if (!pm.unmodeled().isEmpty()) {
                out.add(Condition.opaque(text));
            }
        } else if (m instanceof MultiportMatch mp) {
            if (mp.side() == null) {
                out.add(Condition.opaque(text));
            } else {
                List<String> ranges = mp.ports().stream().map(pr -> pr.from() + "-" + pr.to()).toList();
                out.add(new Condition(mp.side() == Side.SOURCE ? Condition.Field.SOURCE_PORT
                        : Condition.Field.DESTINATION_PORT, mp.negated(), ranges, text));
            }
        } else if (m instanceof InterfaceMatch i) {
            out.add(Condition.of(i.input() ? Condition.Field.IN_INTERFACE : Condition.Field.OUT_INTERFACE, i.negated(),
                    i.name(), text));
        } else if (m instanceof MarkMatch mk) {
            out.add(Condition.of(Condition.Field.MARK, mk.negated(), Long.toHexString(mk.value()) + "/"
                    + Long.toHexString(mk.mask()), text));
        } else if (m instanceof StateMatch s) {
            out.add(new Condition(Condition.Field.CT_STATE, s.negated(), states(s.states()), text));
        } else if (m instanceof ConntrackMatch c) {
            if (c.states() != null) {
                out.add(new Condition(Condition.Field.CT_STATE, c.statesNegated(), states(c.states()), text));
            }
            if (c.origDst() != null || c.origDstPort() != null || !c.unmodeled().isEmpty()) {
                out.add(Condition.opaque(text));
            }
        } else if (m instanceof AddrtypeMatch at) {
            if (at.srcType() != null) {
                out.add(Condition.of(Condition.Field.SOURCE_TYPE, at.srcNegated(), at.srcType(), text));
            }
            if (at.dstType() != null) {
                out.add(Condition.of(Condition.Field.DESTINATION_TYPE, at.dstNegated(), at.dstType(), text));
            }
            if (at.limitIfaceIn() || at.limitIfaceOut()) {
                out.add(Condition.opaque(text));
            }
        } else {
            out.add(Condition.opaque(text));
        }
        return out;
    }

    private static Condition port(Condition.Field f, PortRange r, String text) {
        return Condition.of(f, r.negated(), r.from() + "-" + r.to(), text);
    }

    private static List<String> states(Set<CtState> states) {
        return states.stream().map(s -> s.name()).sorted().toList();
    }
}
