package dev.kpsim.core.analysis.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorTest {

    private static DoctorStep step(DoctorReport r, String id) {
        return r.services().get(0).steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(DoctorReport r) {
        return r.findings().stream().map(f -> f.kind().id()).toList();
    }

    @Test
    void hostnamesPassesEveryStep() {
        DoctorReport r = Doctor.run(Fixtures.hostnamesNode(), Optional.empty());
        assertThat(r.services()).hasSize(1);
        assertThat(r.services().get(0).steps()).extracting(DoctorStep::id)
                .containsExactly("exists", "endpoints", "ready", "rules", "traffic", "hairpin");
        assertThat(r.services().get(0).steps()).extracting(DoctorStep::status).containsOnly(StepStatus.OK);
        assertThat(r.findings()).isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(step(r, "rules").details()).extracting(DoctorStep.Detail::text).containsExactly(
                "nat KUBE-SERVICES: 1 rule for cluster IP 10.0.1.175:80/TCP -> KUBE-SVC-YN5D6RYVEVZOH44Q",
                "nat KUBE-SVC-YN5D6RYVEVZOH44Q: jumps to 3 endpoint chains",
                "nat KUBE-SEP-IQV2T7WZFFJMSXMA: DNAT to 10.244.1.7:9376, hairpin masquerade for 10.244.1.7",
                "nat KUBE-SEP-VVQPNQCRNAQTZLWG: DNAT to 10.244.2.3:9376, hairpin masquerade for 10.244.2.3",
                "nat KUBE-SEP-PR3FG6SU5SIGDY7O: DNAT to 10.244.3.6:9376, hairpin masquerade for 10.244.3.6");
        assertThat(step(r, "traffic").details().get(0).text()).isEqualTo("cluster IP 10.0.1.175:80/TCP from pod "
                + "default/hostnames-10-244-1-7 (10.244.1.7): 10.244.1.7:9376 33.3% (masquerade to 10.244.1.1), "
                + "10.244.2.3:9376 33.3%, 10.244.3.6:9376 33.3%");
    }

    @Test
    void missingHairpinMasqueradeFailsAndIsNamed() {
        String dump = Fixtures.without(Fixtures.resource("hostnames.iptables-save"), "-A KUBE-SEP-IQV2T7WZFFJMSXMA -s 10.244.1.7/32");
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(dump, Fixtures.hostnames(), ProxyConfig.defaults()), Optional.empty());
        assertThat(step(r, "hairpin").status()).isEqualTo(StepStatus.FAIL);
        assertThat(step(r, "rules").details()).extracting(DoctorStep.Detail::text).contains(
                "nat KUBE-SEP-IQV2T7WZFFJMSXMA: DNAT to 10.244.1.7:9376 but no hairpin masquerade rule (-s 10.244.1.7 -j KUBE-MARK-MASQ)");
        Finding f = r.findings().stream().filter(x -> x.kind() == FindingKind.HAIRPIN_OFF).findFirst().orElseThrow();
        assertThat(f.message()).isEqualTo("pod default/hostnames-10-244-1-7 (10.244.1.7) -> 10.0.1.175:80/TCP: 33.3% back to "
                + "itself without masquerade: the reply never returns through the node");
        assertThat(f.lines()).contains("-A KUBE-SEP-IQV2T7WZFFJMSXMA -p tcp -m comment --comment \"default/hostnames\" -m tcp -j DNAT --to-destination 10.244.1.7:9376");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void serviceWithoutEndpointsRejectsAndIsNamed() {
        Cluster c = Fixtures.hostnames(List.of());
        String dump = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + "-A OUTPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A FORWARD -m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                + "-A KUBE-SERVICES -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n"
                + "COMMIT\n";
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(dump, c, ProxyConfig.defaults()), Optional.empty());
        assertThat(step(r, "endpoints").status()).isEqualTo(StepStatus.FAIL);
        assertThat(step(r, "endpoints").details().get(0).text()).isEqualTo("no endpoints: no pod matching selector app=hostnames serves this port");
        assertThat(step(r, "rules").status()).isEqualTo(StepStatus.OK);
        assertThat(step(r, "traffic").status()).isEqualTo(StepStatus.WARN);
        Finding f = r.findings().get(0);
        assertThat(f.kind()).isEqualTo(FindingKind.NO_ENDPOINTS);
        assertThat(f.message()).isEqualTo("default/hostnames has no usable endpoint, so new connections to its cluster IP 10.0.1.175:80 are rejected");
        assertThat(f.lines()).containsExactly("-A KUBE-SERVICES -d 10.0.1.175/32 -p tcp -m comment --comment "
                + "\"default/hostnames has no endpoints\" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable");
    }

    @Test
    void endpointChainOfAGoneEndpointIsStale() {
        Cluster now = Fixtures.hostnames(List.of("10.244.1.7", "10.244.2.3"));
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(Fixtures.resource("hostnames.iptables-save"), now, ProxyConfig.defaults()),
                Optional.empty());
        Finding f = r.findings().stream().filter(x -> x.kind() == FindingKind.STALE_ENDPOINT_CHAIN).findFirst().orElseThrow();
        assertThat(f.subject()).isEqualTo("KUBE-SEP-PR3FG6SU5SIGDY7O");
        assertThat(f.service()).isEqualTo("default/hostnames");
        assertThat(f.message()).isEqualTo("KUBE-SEP-PR3FG6SU5SIGDY7O is default/hostnames's chain for 10.244.3.6:9376, "
                + "which is not an endpoint it uses now");
        assertThat(step(r, "traffic").status()).isEqualTo(StepStatus.FAIL);
    }

    @Test
    void chainsAreTracedEvenWithoutCommentsAndStrangersAreNamed() {
        String dump = Fixtures.resource("hostnames.iptables-save").replaceAll(" -m comment --comment (\"[^\"]*\"|\\S+)", "")
                .replace(":KUBE-SVC-YN5D6RYVEVZOH44Q - [0:0]", ":KUBE-SVC-YN5D6RYVEVZOH44Q - [0:0]\n:KUBE-SVC-ABCDEFGHIJKLMNOP - [0:0]")
                .replace("-A KUBE-SVC-YN5D6RYVEVZOH44Q -m statistic --mode random --probability 0.33333333349",
                        "-A KUBE-SVC-ABCDEFGHIJKLMNOP -j KUBE-SEP-IQV2T7WZFFJMSXMA\n-A KUBE-SVC-YN5D6RYVEVZOH44Q -m statistic --mode random --probability 0.33333333349");
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(dump, Fixtures.hostnames(), ProxyConfig.defaults()), Optional.empty());
        assertThat(ids(r)).containsExactly("untraceable-chain");
        assertThat(r.findings().get(0).subject()).isEqualTo("KUBE-SVC-ABCDEFGHIJKLMNOP");
        assertThat(r.findings().get(0).lines()).containsExactly("-A KUBE-SVC-ABCDEFGHIJKLMNOP -j KUBE-SEP-IQV2T7WZFFJMSXMA");
        assertThat(step(r, "rules").status()).isEqualTo(StepStatus.OK);
    }

    @Test
    void rulesOfKubeProxy12AreOlderThanExpected() {
        String old = Fixtures.resource("hostnames-1.2.iptables-save");
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(old, Fixtures.hostnames(), ProxyConfig.defaults()), Optional.empty());
        assertThat(r.findings()).extracting(f -> f.kind().id() + " " + f.subject()).containsExactly(
                "older-version-rules probabilities",
                "older-version-rules KUBE-SEP-57KPRZ3JQVENLNBR",
                "older-version-rules KUBE-SEP-WNBA2IHDGP2BOBGZ",
                "older-version-rules KUBE-SEP-X3P2623AGDH6CDF3",
                "older-version-rules KUBE-SVC-NWV5X2332I4OT4T3");
        assertThat(r.findings().get(4).message()).isEqualTo("KUBE-SVC-NWV5X2332I4OT4T3 is default/hostnames's chain hashed "
                + "from \"default/hostnames:\", the ServicePortName form of kube-proxy v1.0-v1.18 (expected v1.35)");
        assertThat(r.findings().get(0).message()).isEqualTo("1 probability was written with 5 decimals (kube-proxy before v1.17), expected v1.35's 10");
        assertThat(r.findings().get(0).lines()).containsExactly("-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment "
                + "\"default/hostnames:\" -m statistic --mode random --probability 0.33332999982 -j KUBE-SEP-WNBA2IHDGP2BOBGZ");
        assertThat(step(r, "rules").status()).isEqualTo(StepStatus.OK);
        assertThat(step(r, "traffic").status()).isEqualTo(StepStatus.OK);
    }

    @Test
    void rulesOfKubeProxy12AreNotOldWhenThatIsTheVersion() {
        String old = Fixtures.resource("hostnames-1.2.iptables-save");
        ProxyConfig v12 = ProxyConfig.defaults().toBuilder().kubeProxyVersion(new KubeProxyVersion(1, 2)).build();
        DoctorReport r = Doctor.run(Fixtures.iptablesDump(old, Fixtures.hostnames(), v12), Optional.empty());
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void unknownServiceFailsTheExistsStep() {
        DoctorReport r = Doctor.run(Fixtures.hostnamesNode(), Optional.of("default/nosuch"));
        assertThat(r.services()).hasSize(1);
        assertThat(r.services().get(0).steps().get(0).details().get(0).text()).isEqualTo("no Service default/nosuch in the input (names are namespace/name)");
        assertThat(r.passed()).isFalse();
    }

    @Test
    void serviceFilterKeepsOneService() {
        DoctorReport r = Doctor.run(Fixtures.hostnamesNode(), Optional.of("default/hostnames:80"));
        assertThat(r.services()).extracting(ServiceDiagnosis::service).containsExactly("default/hostnames");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void doctorNeedsTheObjects() {
        NodeSubject s = Fixtures.hostnamesNode();
        NodeSubject noModel = new NodeSubject(s.label(), s.mode(), s.nodeName(), s.simulator(), s.environment(), s.rules(),
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> Doctor.run(noModel, Optional.empty())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs the cluster's objects");
    }
}
