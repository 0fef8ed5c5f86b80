package dev.kpsim.core.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.analysis.doctor.Fixtures;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SemanticDiffTest {

    private static final String SAVE = Fixtures.resource("hostnames.iptables-save");

    private static NodeSubject node(String dump) {
        return Fixtures.iptables(dump, Fixtures.hostnames(), ProxyConfig.defaults(), Optional.of(KubeProxyVersion.LATEST));
    }

    /** What kube-proxy writes for hostnames once 10.244.3.6 is gone: two endpoints, 0.5 then the rest. */
    static String twoEndpoints() {
        String t = Fixtures.without(Fixtures.without(SAVE, "KUBE-SEP-PR3FG6SU5SIGDY7O"), "10.244.3.6");
        return t.replace("--probability 0.33333333349 -j KUBE-SEP-IQV2T7WZFFJMSXMA", "--probability 0.50000000000 -j KUBE-SEP-IQV2T7WZFFJMSXMA")
                .replace(" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-VVQPNQCRNAQTZLWG", " -j KUBE-SEP-VVQPNQCRNAQTZLWG");
    }

    @Test
    void aNodeDoesNotDifferFromItself() {
        DiffReport r = SemanticDiff.compare(node(SAVE), node(SAVE));
        assertThat(r.entries()).isEmpty();
        assertThat(r.different()).isFalse();
        assertThat(r.cells()).isEqualTo(3);
        assertThat(r.rulesA()).isEqualTo(r.rulesB());
    }

    @Test
    void aRemovedEndpointChangesReachability() {
        DiffReport r = SemanticDiff.compare(node(SAVE), node(twoEndpoints()));
        assertThat(r.of(DiffKind.REACHABILITY)).hasSize(3);
        DiffEntry e = r.of(DiffKind.REACHABILITY).get(0);
        assertThat(e.subject()).isEqualTo("pod default/hostnames-10-244-1-7 (10.244.1.7) -> default/hostnames cluster IP 10.0.1.175:80/TCP");
        assertThat(e.before()).isEqualTo("10.244.1.7:9376 33.3% (masquerade to 10.244.1.1), 10.244.2.3:9376 33.3%, 10.244.3.6:9376 33.3%");
        assertThat(e.after()).isEqualTo("10.244.1.7:9376 50.0% (masquerade to 10.244.1.1), 10.244.2.3:9376 50.0%");
        assertThat(r.of(DiffKind.RULE_COUNT)).singleElement().satisfies(x -> {
            assertThat(x.before()).isEqualTo("33");
            assertThat(x.after()).isEqualTo("30");
        });
        assertThat(r.different()).isTrue();
    }

    @Test
    void otherProbabilitiesShiftTheDistribution() {
        DiffReport r = SemanticDiff.compare(node(SAVE), node(SAVE.replace("0.33333333349", "0.50000000000")));
        assertThat(r.of(DiffKind.REACHABILITY)).isEmpty();
        assertThat(r.of(DiffKind.DISTRIBUTION)).hasSize(3);
        assertThat(r.of(DiffKind.DISTRIBUTION).get(1).after()).isEqualTo("10.244.1.7:9376 50.0%, 10.244.2.3:9376 25.0%, 10.244.3.6:9376 25.0%");
        assertThat(r.of(DiffKind.RULE_COUNT)).isEmpty();
    }

    @Test
    void aMissingHairpinRuleChangesMasqueradeOnly() {
        DiffReport r = SemanticDiff.compare(node(SAVE), node(Fixtures.without(SAVE, "-A KUBE-SEP-IQV2T7WZFFJMSXMA -s 10.244.1.7/32")));
        assertThat(r.entries()).extracting(DiffEntry::kind).containsExactly(DiffKind.MASQUERADE, DiffKind.RULE_COUNT, DiffKind.EVALUATION_COST);
        assertThat(r.of(DiffKind.MASQUERADE).get(0).after()).isEqualTo("10.244.1.7:9376 33.3%, 10.244.2.3:9376 33.3%, 10.244.3.6:9376 33.3%");
    }

    @Test
    void rulesBeforeTheServiceCostEvaluations() {
        String more = SAVE.replace("-A KUBE-SERVICES -d 10.0.1.175/32", "-A KUBE-SERVICES -d 10.9.9.1/32 -p tcp -m tcp --dport 1 -j RETURN\n"
                + "-A KUBE-SERVICES -d 10.9.9.2/32 -p tcp -m tcp --dport 1 -j RETURN\n-A KUBE-SERVICES -d 10.0.1.175/32");
        DiffReport r = SemanticDiff.compare(node(SAVE), node(more));
        assertThat(r.different()).isFalse();
        assertThat(r.rulesB() - r.rulesA()).isEqualTo(2);
        assertThat(r.costB() - r.costA()).isEqualTo(2.0);
        DiffEntry cost = r.of(DiffKind.EVALUATION_COST).get(0);
        assertThat(cost.subject()).isEqualTo("rules walked per new connection (mean over 3 cells)");
        assertThat(cost.lines()).hasSize(3);
    }

    @Test
    void aDumpDriftsFromWhatKubeProxyWouldWrite() {
        NodeSubject expected = Fixtures.iptables(twoEndpoints(), Fixtures.hostnames(List.of("10.244.1.7", "10.244.2.3")),
                ProxyConfig.defaults(), Optional.of(KubeProxyVersion.LATEST));
        NodeSubject s = Fixtures.iptablesDump(SAVE, Fixtures.hostnames(), ProxyConfig.defaults());
        NodeSubject dump = new NodeSubject("dump", "iptables", s.nodeName(), s.simulator(), expected.environment(), s.rules(),
                Optional.empty(), Optional.empty());
        DiffReport r = SemanticDiff.compare(expected, dump);
        assertThat(r.of(DiffKind.DRIFT)).extracting(DiffEntry::subject).containsExactly(
                "stale-endpoint-chain KUBE-SEP-PR3FG6SU5SIGDY7O",
                "rules kube-proxy would write that the node lacks",
                "kube-proxy rules on the node that kube-proxy would not write");
        assertThat(r.of(DiffKind.DRIFT).get(1).lines()).containsExactly(
                "-A KUBE-SVC-YN5D6RYVEVZOH44Q -m comment --comment \"default/hostnames -> 10.244.1.7:9376\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-IQV2T7WZFFJMSXMA",
                "-A KUBE-SVC-YN5D6RYVEVZOH44Q -m comment --comment \"default/hostnames -> 10.244.2.3:9376\" -j KUBE-SEP-VVQPNQCRNAQTZLWG");
        assertThat(r.of(DiffKind.DRIFT).get(2).lines()).hasSize(5);
        assertThat(r.of(DiffKind.REACHABILITY)).isNotEmpty();
    }

    @Test
    void aDumpLackingAnEndpointChainHasItMissing() {
        NodeSubject expected = node(SAVE);
        NodeSubject s = Fixtures.iptablesDump(twoEndpoints(), Fixtures.hostnames(), ProxyConfig.defaults());
        DiffReport r = SemanticDiff.compare(expected, s);
        assertThat(r.of(DiffKind.DRIFT)).extracting(DiffEntry::subject).startsWith("missing-chain KUBE-SEP-PR3FG6SU5SIGDY7O");
        assertThat(r.of(DiffKind.DRIFT).get(0).lines()).containsExactly(
                "-A KUBE-SEP-PR3FG6SU5SIGDY7O -s 10.244.3.6/32 -m comment --comment \"default/hostnames\" -j KUBE-MARK-MASQ",
                "-A KUBE-SEP-PR3FG6SU5SIGDY7O -p tcp -m comment --comment \"default/hostnames\" -m tcp -j DNAT --to-destination 10.244.3.6:9376");
    }
}
