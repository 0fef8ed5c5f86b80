package dev.kpsim.core.analysis.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.kpsim.core.analysis.Fixtures;
import dev.kpsim.core.netfilter.Ruleset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lint on iptables-save dumps and on hand-made graphs. */
class GraphLintTest {

    static final String DUMP = String.join("\n",
            "*nat",
            ":PREROUTING ACCEPT [0:0]",
            ":KUBE-SERVICES - [0:0]",
            ":KUBE-SVC-A - [0:0]",
            ":KUBE-OLD - [0:0]",
            ":KUBE-PROXY-CANARY - [0:0]",
            "-A PREROUTING -j KUBE-SERVICES",
            "-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-A",
            "-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m comment --comment \"again\" -m tcp --dport 80 -j KUBE-SVC-A",
            "-A KUBE-SERVICES -d 10.0.0.0/24 -j ACCEPT",
            "-A KUBE-SERVICES -d 10.0.0.7/32 -p tcp -m tcp --dport 81 -j KUBE-SVC-A",
            "-A KUBE-SERVICES -p tcp -m tcp --dport 82 -m multiport --dports 90,91 -j KUBE-SVC-A",
            "-A KUBE-SVC-A -p tcp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 10.244.0.1:80",
            "-A KUBE-SVC-A -p tcp -j DNAT --to-destination 10.244.0.2:80",
            "-A KUBE-OLD -j RETURN",
            "COMMIT",
            "");

    @Test
    void shadowedContradictoryAndUnusedAreFoundWithTheirLocation() {
        Ruleset rs = Fixtures.ruleset(DUMP, "dump.txt");
        RuleGraphSource src = IptablesGraphSource.of(rs, "iptables-save");
        List<LintFinding> f = GraphLint.lint(src, ChainGraph.build(src, Map.of()));
        assertThat(f).extracting(LintFinding::kind, LintFinding::where).containsExactly(
                tuple(LintFinding.Kind.SHADOWED_RULE, "nat:KUBE-SERVICES rule 4"),
                tuple(LintFinding.Kind.CONTRADICTORY_RULE, "nat:KUBE-SERVICES rule 5"),
                tuple(LintFinding.Kind.UNUSED_CHAIN, "nat:KUBE-OLD"));
        assertThat(f.get(0).message()).isEqualTo("never matches: rule 3 (-d 10.0.0.0/24) decides every packet this rule could match");
        assertThat(f.get(0).location().toString()).isEqualTo("dump.txt:11:1");
        assertThat(f.get(1).message()).contains("--dport 82", "--dports 90,91", "exclude each other");
        assertThat(f.get(2).severity()).isEqualTo(LintFinding.Severity.WARNING);
        assertThat(LintTextRenderer.render("iptables-save", f)).isEqualTo(
                "LINT: iptables-save ruleset: 3 findings (0 errors, 3 warnings, 0 info)\n"
                + "  WARNING nat:KUBE-SERVICES rule 4 (dump.txt:11:1): shadowed-rule: never matches: rule 3 (-d 10.0.0.0/24) decides every packet this rule could match\n"
                + "          -A KUBE-SERVICES -d 10.0.0.7/32 -p tcp -m tcp --dport 81 -j KUBE-SVC-A\n"
                + "  WARNING nat:KUBE-SERVICES rule 5 (dump.txt:12:1): contradictory-rule: never matches: -m tcp --dport 82 and -m multiport --dports 90,91 exclude each other\n"
                + "          -A KUBE-SERVICES -p tcp -m tcp --dport 82 -m multiport --dports 90,91 -j KUBE-SVC-A\n"
                + "  WARNING nat:KUBE-OLD (dump.txt:15:1): unused-chain: no rule jumps to this chain: its 1 rule never run\n");
    }

    @Test
    void aJumpThatOnlyReturnsNeverShadowsAndARandomRuleNeverDecidesAll() {
        Ruleset rs = Fixtures.ruleset(DUMP, "dump.txt");
        RuleGraphSource src = IptablesGraphSource.of(rs, "iptables-save");
        List<LintFinding> f = GraphLint.lint(src, ChainGraph.build(src, Map.of()));
        assertThat(f).noneMatch(x -> x.where().equals("nat:KUBE-SERVICES rule 2"));
        assertThat(f).noneMatch(x -> x.chain().equals("KUBE-SVC-A"));
    }

    @Test
    void danglingJumpsAndLoopsAreErrors() {
        GraphRule toB = new GraphRule(1, "jump b", "", List.of(), List.of(new GraphJump("t", "b", false, "", null)),
                GraphRule.Action.CONTINUE, null, null, null);
        GraphRule toA = new GraphRule(1, "jump a", "", List.of(), List.of(new GraphJump("t", "a", false, "", null)),
                GraphRule.Action.CONTINUE, null, null, null);
        GraphRule toMissing = new GraphRule(2, "jump gone", "", List.of(), List.of(new GraphJump("t", "gone", true, "", null)),
                GraphRule.Action.FINAL, null, null, null);
        RuleGraphSource src = new RuleGraphSource("test", List.of(
                new GraphChain("t", "base", "prerouting", "accept", List.of(toA), null),
                new GraphChain("t", "a", null, null, List.of(toB, toMissing), null),
                new GraphChain("t", "b", null, null, List.of(toA), null)));
        ChainGraph g = ChainGraph.build(src, Map.of());
        List<LintFinding> f = GraphLint.lint(src, g);
        assertThat(f).extracting(LintFinding::kind, LintFinding::severity, LintFinding::where).containsExactly(
                tuple(LintFinding.Kind.LOOP, LintFinding.Severity.ERROR, "t:a"),
                tuple(LintFinding.Kind.DANGLING_JUMP, LintFinding.Severity.ERROR, "t:a rule 2"));
        assertThat(f.get(0).message()).isEqualTo("jump loop through a -> b -> a (the kernel refuses such a ruleset with ELOOP)");
        assertThat(g.vertex("t:gone")).hasValueSatisfying(v -> assertThat(v.kind()).isEqualTo(ChainGraph.VertexKind.MISSING));
    }

    @Test
    void kubeProxysOwnRulesetIsClean() {
        RuleGraphSource src = IptablesGraphSource.of(Fixtures.ruleset(Fixtures.resource("lb-node-1.save"), "lb"), "iptables");
        assertThat(GraphLint.lint(src, ChainGraph.build(src, Map.of()))).isEmpty();
    }
}
