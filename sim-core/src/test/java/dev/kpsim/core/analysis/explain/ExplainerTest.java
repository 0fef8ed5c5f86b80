package dev.kpsim.core.analysis.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.trace.Hook;
import dev.kpsim.core.trace.Step;
import org.junit.jupiter.api.Test;

class ExplainerTest {

    @Test
    void aGeneratedRuleIsExplainedByItsProvenanceRole() {
        Step.RuleStep s = new Step.RuleStep("nat", "KUBE-SEP-X", 1, "-A KUBE-SEP-X -s 10.244.1.7/32 -j KUBE-MARK-MASQ",
                "jump KUBE-MARK-MASQ", Provenance.ofEndpoint("default/hostnames", "10.244.1.7:9376", "hairpin-masquerade"));
        assertThat(Explainer.explain(s)).hasValueSatisfying(e -> {
            assertThat(e.role()).isEqualTo("hairpin-masquerade");
            assertThat(e.inferred()).isFalse();
            assertThat(e.text()).isEqualTo("marks traffic from the endpoint itself so that a pod reaching itself through its "
                    + "service is masqueraded (hairpin); without it the reply would not pass back through this node "
                    + "[hairpin-masquerade]");
        });
    }

    @Test
    void aDumpedRuleIsExplainedByInferenceAndSaysSo() {
        Step.RuleStep s = new Step.RuleStep("nat", "KUBE-SEP-X", 2,
                "-A KUBE-SEP-X -p tcp -m comment --comment \"default/hostnames\" -m tcp -j DNAT --to-destination 10.244.1.7:9376",
                "DNAT", null);
        assertThat(Explainer.explain(s)).hasValueSatisfying(e -> {
            assertThat(e.role()).isEqualTo("endpoint-dnat");
            assertThat(e.inferred()).isTrue();
            assertThat(e.text()).endsWith("[endpoint-dnat, inferred]");
        });
    }

    @Test
    void anUnknownProvenanceRoleFallsBackToInferenceAndForeignRulesStaySilent() {
        assertThat(Explainer.explain("nat", "KUBE-MARK-MASQ", "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000", "made-up-role"))
                .hasValueSatisfying(e -> assertThat(e.role()).isEqualTo("mark-masq"));
        assertThat(Explainer.explain("nat", "DOCKER", "-A DOCKER -i docker0 -j RETURN", null)).isEmpty();
        assertThat(Explainer.explain(new Step.HookStep(Hook.PREROUTING))).isEmpty();
    }

    @Test
    void chainsAreDescribedByNameForEveryMode() {
        assertThat(ChainRoles.describe("nat", "KUBE-SVC-ABC")).hasValue("service port, cluster-wide: picks one of all its endpoints");
        assertThat(ChainRoles.describe("nat", "KUBE-SERVICES")).hasValue("dispatch: one rule per service frontend, then node ports");
        assertThat(ChainRoles.describe("filter", "KUBE-SERVICES")).hasValue("rejects new connections to services without endpoints");
        assertThat(ChainRoles.describe("ip kube-proxy", "service-endpoints-check"))
                .hasValue("drops or rejects traffic to services without (local) endpoints");
        assertThat(ChainRoles.describe("ip kube-proxy", "endpoint-X-a/b/tcp/__1.2.3.4/80"))
                .hasValue("one endpoint: hairpin masquerade, then DNAT");
        assertThat(ChainRoles.describe("nat", "DOCKER")).isEmpty();
    }
}
