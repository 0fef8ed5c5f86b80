package dev.kpsim.core.analysis.hairpin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.analysis.Fixtures;
import dev.kpsim.core.analysis.graph.Condition;
import dev.kpsim.core.analysis.graph.GraphChain;
import dev.kpsim.core.analysis.graph.GraphJump;
import dev.kpsim.core.analysis.graph.GraphRule;
import dev.kpsim.core.analysis.graph.IptablesGraphSource;
import dev.kpsim.core.analysis.graph.RuleGraphSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvalidDropTest {

    @Test
    void kubeProxysKubeForwardRuleIsFoundFromTheForwardHook() {
        RuleGraphSource src = IptablesGraphSource.of(Fixtures.ruleset(Fixtures.resource("hostnames.save"), "h"), "iptables");
        assertThat(InvalidDrop.find(src)).hasValueSatisfying(r -> {
            assertThat(r.where()).isEqualTo("filter:KUBE-FORWARD rule 1");
            assertThat(r.why()).isEqualTo("drops forwarded packets that conntrack sees as INVALID");
        });
    }

    @Test
    void anInvalidDropOffTheForwardPathOrNegatedDoesNotCount() {
        GraphRule drop = new GraphRule(1, "ct state invalid drop", "ct state invalid",
                List.of(new Condition(Condition.Field.CT_STATE, false, List.of("INVALID"), "ct state invalid")),
                List.of(), GraphRule.Action.FINAL, "DROP", null, null);
        GraphRule notInvalid = new GraphRule(1, "ct state != invalid drop", "ct state != invalid",
                List.of(new Condition(Condition.Field.CT_STATE, true, List.of("INVALID"), "ct state != invalid")),
                List.of(), GraphRule.Action.FINAL, "DROP", null, null);
        GraphRule jump = new GraphRule(1, "jump guard", "", List.of(), List.of(new GraphJump("ip t", "guard", false, "", null)),
                GraphRule.Action.CONTINUE, null, null, null);
        RuleGraphSource input = new RuleGraphSource("nft", List.of(
                new GraphChain("ip t", "filter-input", "input", "accept", List.of(drop), null)));
        assertThat(InvalidDrop.find(input)).isEmpty();
        RuleGraphSource negated = new RuleGraphSource("nft", List.of(
                new GraphChain("ip t", "filter-forward", "forward", "accept", List.of(notInvalid), null)));
        assertThat(InvalidDrop.find(negated)).isEmpty();
        RuleGraphSource viaJump = new RuleGraphSource("nft", List.of(
                new GraphChain("ip t", "filter-forward", "forward", "accept", List.of(jump), null),
                new GraphChain("ip t", "guard", null, null, List.of(drop), null)));
        assertThat(InvalidDrop.find(viaJump)).hasValueSatisfying(r -> assertThat(r.where()).isEqualTo("ip t:guard rule 1"));
    }
}
