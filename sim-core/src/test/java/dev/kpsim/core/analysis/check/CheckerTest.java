package dev.kpsim.core.analysis.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.analysis.check.CheckResult.Status;
import dev.kpsim.core.analysis.doctor.Fixtures;
import dev.kpsim.core.analysis.doctor.NodeSubject;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CheckerTest {
    private static final SourceLocation AT = new SourceLocation("s.yaml", 10, 7);
    private static final NodeSubject NODE = Fixtures.hostnamesNode();

    private static CheckResult one(Expectation e) {
        List<CheckResult> r = Checker.run(NODE, List.of(e));
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    private static ClientRef from(String s) {
        return new ClientRef(s, AT);
    }

    private static FrontendRef to(String s) {
        return new FrontendRef(s, AT);
    }

    private static List<HostPort> eps(String... s) {
        return java.util.Arrays.stream(s).map(HostPort::parse).toList();
    }

    @Test
    void reachPassesAndFailsWithAReadableDifference() {
        CheckResult ok = one(new Expectation.Reach("r", AT, Optional.empty(), from("external"), to("service default/hostnames"),
                Optional.empty(), Optional.of(eps("10.244.3.6:9376", "10.244.1.7:9376", "10.244.2.3:9376")), Optional.empty(), Optional.of(false)));
        assertThat(ok.status()).isEqualTo(Status.PASS);
        CheckResult bad = one(new Expectation.Reach("r", AT, Optional.empty(), from("pod hostnames-10-244-1-7"), to("10.0.1.175:80"),
                Optional.empty(), Optional.of(eps("10.244.1.7:9376")), Optional.empty(), Optional.of(false)));
        assertThat(bad.status()).isEqualTo(Status.FAIL);
        assertThat(bad.expected()).isEqualTo("10.244.1.7:9376; not masqueraded");
        assertThat(bad.actual()).isEqualTo("10.244.1.7:9376 33.3% (masquerade to 10.244.1.1), 10.244.2.3:9376 33.3%, 10.244.3.6:9376 33.3%");
        CheckResult untranslated = one(new Expectation.Reach("r", AT, Optional.empty(), from("node node-1"), to("10.0.1.175:81"),
                Optional.empty(), Optional.empty(), Optional.of("UNTRANSLATED"), Optional.empty()));
        assertThat(untranslated.status()).isEqualTo(Status.PASS);
    }

    @Test
    void distributionIsExactWithinTheTolerance() {
        Map<HostPort, Double> third = Map.of(HostPort.parse("10.244.1.7:9376"), 1 / 3.0, HostPort.parse("10.244.2.3:9376"), 1 / 3.0,
                HostPort.parse("10.244.3.6:9376"), 1 / 3.0);
        assertThat(one(new Expectation.Distribution("d", AT, Optional.empty(), from("external"), to("service hostnames"),
                Optional.empty(), third, false, 1e-6)).status()).isEqualTo(Status.PASS);
        CheckResult strict = one(new Expectation.Distribution("d", AT, Optional.empty(), from("external"), to("service hostnames"),
                Optional.empty(), third, false, 1e-12));
        assertThat(strict.status()).isEqualTo(Status.FAIL);
        assertThat(strict.actual()).isEqualTo("10.244.1.7:9376 0.333333, 10.244.2.3:9376 0.333333, 10.244.3.6:9376 0.333333");
        assertThat(one(new Expectation.Distribution("d", AT, Optional.empty(), from("external"), to("service hostnames"),
                Optional.empty(), Map.of(), true, 1e-6)).status()).isEqualTo(Status.PASS);
    }

    @Test
    void hairpinWorksWhenTheSelfConnectionIsMasqueraded() {
        CheckResult r = one(new Expectation.Hairpin("h", AT, Optional.empty(), "hostnames-10-244-1-7", Optional.empty(), true));
        assertThat(r.status()).isEqualTo(Status.PASS);
        assertThat(r.actual()).isEqualTo("default/hostnames: 33.3% back to itself, masqueraded to 10.244.1.1");
        NodeSubject off = Fixtures.iptablesDump(Fixtures.without(Fixtures.resource("hostnames.iptables-save"),
                "-A KUBE-SEP-IQV2T7WZFFJMSXMA -s"), Fixtures.hostnames(), ProxyConfig.defaults());
        CheckResult broken = Checker.run(off, List.of(new Expectation.Hairpin("h", AT, Optional.empty(), "hostnames-10-244-1-7",
                Optional.empty(), true))).get(0);
        assertThat(broken.status()).isEqualTo(Status.FAIL);
        assertThat(broken.actual()).isEqualTo("default/hostnames: 33.3% back to itself, not masqueraded");
    }

    @Test
    void ruleCountsAndLinesReadTheNativeText() {
        assertThat(one(new Expectation.RuleCount("c", AT, Optional.empty(), Optional.of("nat"), Optional.of("KUBE-SERVICES"),
                Optional.of(2), Optional.empty(), Optional.empty())).status()).isEqualTo(Status.PASS);
        CheckResult range = one(new Expectation.RuleCount("c", AT, Optional.empty(), Optional.of("filter"), Optional.empty(),
                Optional.empty(), Optional.of(20), Optional.of(30)));
        assertThat(range.status()).isEqualTo(Status.FAIL);
        assertThat(range.expected()).isEqualTo("at least 20 and at most 30 rules");
        assertThat(range.actual()).isEqualTo("15 rules");
        String restoreForm = "-A KUBE-SEP-IQV2T7WZFFJMSXMA -m comment --comment default/hostnames -s 10.244.1.7 -j KUBE-MARK-MASQ";
        assertThat(one(new Expectation.RuleLine("l", AT, Optional.empty(), restoreForm, true)).status()).isEqualTo(Status.PASS);
        CheckResult absent = one(new Expectation.RuleLine("l", AT, Optional.empty(), "-A KUBE-SVC-YN5D6RYVEVZOH44Q -j DROP", true));
        assertThat(absent.status()).isEqualTo(Status.FAIL);
        assertThat(absent.actual()).isEqualTo("absent (chain KUBE-SVC-YN5D6RYVEVZOH44Q has 3 rules)");
    }

    @Test
    void trafficCannotBeCheckedWithoutASimulator() {
        NodeSubject noSim = new NodeSubject("x", "iptables", NODE.nodeName(), Optional.empty(), NODE.environment(), NODE.rules(),
                NODE.model(), NODE.generatedBy());
        List<CheckResult> r = Checker.run(noSim, List.of(
                new Expectation.Reach("r", AT, Optional.empty(), from("external"), to("service hostnames"), Optional.empty(),
                        Optional.of(List.of()), Optional.empty(), Optional.empty()),
                new Expectation.RuleCount("c", AT, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(33),
                        Optional.empty(), Optional.empty())));
        assertThat(r).extracting(CheckResult::status).containsExactly(Status.SKIP, Status.PASS);
        assertThat(r.get(0).actual()).isEqualTo("kpsim cannot simulate iptables mode yet");
    }

    @Test
    void expectationsOfAnotherModeAreLeftOut() {
        assertThat(Checker.run(NODE, List.of(new Expectation.RuleLine("l", AT, Optional.of("nftables"), "x", true)))).isEmpty();
    }

    @Test
    void flowsAreReportedAsKubeProxysTracerDoes() {
        List<Expectation.Flow> flows = FlowTable.parseTsv("name\tsourceIP\tdestIP\tdestPort\toutput\tmasq\n"
                + "self\t10.244.1.7\t10.0.1.175\t80\t10.244.1.7:9376, 10.244.2.3:9376, 10.244.3.6:9376\ttrue\n"
                + "other node\t10.240.0.4\t10.0.1.175\t80\t10.244.1.7:9376, 10.244.2.3:9376, 10.244.3.6:9376\tfalse\n"
                + "no service\t10.240.0.4\t10.0.9.9\t80\t\tfalse\n"
                + "wrong\t10.240.0.4\t10.0.1.175\t80\tREJECT\tfalse\n", "flows.tsv");
        List<CheckResult> r = Checker.run(NODE, List.copyOf(flows));
        assertThat(r).extracting(CheckResult::status).containsExactly(Status.PASS, Status.PASS, Status.PASS, Status.FAIL);
        assertThat(r.get(3).actual()).isEqualTo("output \"10.244.1.7:9376, 10.244.2.3:9376, 10.244.3.6:9376\", masq false");
        assertThat(r.get(3).expectation().location()).isEqualTo(new SourceLocation("flows.tsv", 5, 1));
    }

    @Test
    void unknownNamesAreLocatedBadInput() {
        assertThatThrownBy(() -> one(new Expectation.Reach("r", AT, Optional.empty(), from("pod nosuch"), to("service hostnames"),
                Optional.empty(), Optional.of(List.of()), Optional.empty(), Optional.empty())))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics().get(0).format()).isEqualTo("s.yaml:10:7: no pod default/nosuch in the cluster"));
        assertThatThrownBy(() -> one(new Expectation.Reach("r", AT, Optional.empty(), from("external"), to("nodeport hostnames"),
                Optional.empty(), Optional.of(List.of()), Optional.empty(), Optional.empty())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Service default/hostnames has no node port on node node-1");
    }
}
