package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kpsim.core.analysis.cost.KubeProxyRuleFormula;
import dev.kpsim.core.analysis.cost.RuleCensus;
import dev.kpsim.mode.iptables.IptablesDataPlane;
import dev.kpsim.mode.iptables.IptablesMode;
import dev.kpsim.scenarios.synthetic.SyntheticCluster;
import dev.kpsim.scenarios.synthetic.SyntheticClusterGenerator;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code kpsim scale} on small synthetic clusters (timings and heap are masked: they vary from run to run). */
class ScaleCommandTest {

    /** The run-dependent figures (seconds, MiB) replaced by {@code #}. */
    static String masked(String out) {
        return out.replaceAll("\\d+\\.\\d\\d s", "# s").replaceAll("heap used [\\d,]+ MiB", "heap used # MiB");
    }

    @Test
    void iptablesClusterIpServicesMatchKubeProxysFormula() {
        Cli.Run r = Cli.run("scale", "--services", "20", "--endpoints", "3", "--nodes", "4");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(masked(r.out())).isEqualTo("""
                20 services x 3 endpoints, 60 pods on 4 nodes; iptables mode, kube-proxy 1.35, seed 1
                types: ClusterIP 20, NodePort 0, LoadBalancer 0; shares: externalTrafficPolicy Local 0.0, internalTrafficPolicy Local 0.0, ClientIP affinity 0.0

                TABLE   CHAIN FAMILY            CHAINS  RULES
                filter  KUBE-SERVICES                1      0
                filter  KUBE-EXTERNAL-SERVICES       1      0
                filter  KUBE-FORWARD                 1      3
                filter  KUBE-NODEPORTS               1      0
                filter  KUBE-PROXY-FIREWALL          1      0
                nat     KUBE-SERVICES                1     21
                nat     KUBE-NODEPORTS               1      0
                nat     KUBE-POSTROUTING             1      3
                nat     KUBE-MARK-MASQ               1      1
                nat     KUBE-SVC-*                  20     80
                nat     KUBE-SEP-*                  60    120
                filter  (total)                      5      3
                nat     (total)                     84    225

                kube-proxy's rule count (TestNumberIptablesRules): nat 5 + S*(2 + 3E) = 225, filter 3: matches

                PAYLOAD   BYTES
                restore  33,280

                time: cluster # s, generation # s, rendering # s, cost # s; heap used # MiB

                kernel cost per new connection (iptables mode):
                  rules evaluated, to a random service: 25.5 on average, 36 at worst
                  rules evaluated, to no service:       31
                  hash lookups, to a service:           0.0
                  (rules counted by kpsim's netfilter engine on every path of each connection's first packet)
                """);
    }

    @Test
    void jsonCarriesTheSameFigures() throws Exception {
        Cli.Run r = Cli.run("scale", "--services", "20", "--endpoints", "3", "--nodes", "4", "-o", "json");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.at("/spec/services").asInt()).isEqualTo(20);
        assertThat(j.at("/totals/nat/rules").asInt()).isEqualTo(225);
        assertThat(j.at("/totals/filter/rules").asInt()).isEqualTo(3);
        assertThat(j.at("/kubeProxyFormula/matches").asBoolean()).isTrue();
        assertThat(j.at("/payloadBytes/restore").asLong()).isEqualTo(33_280);
        assertThat(j.at("/connectionCost/averageRules").asDouble()).as("kernel probabilities are multiples of 2^-31")
                .isCloseTo(25.5, within(1e-6));
        assertThat(j.at("/connectionCost/worstRules").asInt()).isEqualTo(36);
        assertThat(j.at("/timings/generateMillis").isNumber()).isTrue();
        assertThat(j.at("/heapUsedBytes").asLong()).isPositive();
    }

    @Test
    void ipvsAndNftablesCostsAreHashLookups() {
        Cli.Run ipvs = Cli.run("scale", "--services", "30", "--endpoints", "2", "--mode", "ipvs");
        assertThat(ipvs.code()).isZero();
        assertThat(ipvs.out()).contains("IPVS virtual servers     30\n").contains("IPVS real servers        60\n")
                .contains("kernel cost per new connection (ipvs mode):\n")
                .contains("  hash lookups, to a service:           3.0\n")
                .doesNotContain("TestNumberIptablesRules");
        Cli.Run nft = Cli.run("scale", "--services", "30", "--endpoints", "2", "--mode", "nftables",
                "--type-mix", "ClusterIP=2,NodePort=1");
        assertThat(nft.code()).isZero();
        assertThat(nft.out()).contains("types: ClusterIP 20, NodePort 10, LoadBalancer 0")
                .contains("ip kube-proxy  service-*  ").contains("  rules evaluated, to a random service: 14.0 on average, 14 at worst\n");
    }

    @Test
    void badSizesAndModesAreBadInput() {
        Cli.Run r = Cli.run("scale", "--services", "-2", "--endpoints", "3");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("<synthetic cluster>: the number of services must be within 0-200000, was -2\n");
        Cli.Run m = Cli.run("scale", "--services", "2", "--endpoints", "3", "--mode", "userspace");
        assertThat(m.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(m.err()).startsWith("kpsim: --mode must be one of iptables, ipvs, nftables, was 'userspace'\n");
        Cli.Run t = Cli.run("scale", "--services", "2", "--endpoints", "3", "--type-mix", "Headless=1");
        assertThat(t.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(t.err()).contains("unknown service type 'Headless'");
    }

    @Test
    void writeScenarioWritesTheClusterForTheOtherCommands(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("small.yaml");
        Cli.Run r = Cli.run("scale", "--services", "20", "--endpoints", "3", "--nodes", "4", "--write-scenario", file.toString());
        assertThat(r.code()).isZero();
        assertThat(masked(r.out())).as("the report is the same as without --write-scenario")
                .isEqualTo(masked(Cli.run("scale", "--services", "20", "--endpoints", "3", "--nodes", "4").out()));
        long size = Files.size(file);
        assertThat(r.err().replaceAll("in \\d+\\.\\d\\d s", "in # s"))
                .isEqualTo("kpsim: note: wrote scenario " + file + " (" + String.format(Locale.ROOT, "%,d", size) + " bytes in # s)\n");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.subList(0, 11)).containsExactly(
                "apiVersion: kpsim.dev/v1alpha1",
                "kind: Scenario",
                "metadata:",
                "  name: synthetic-20x3",
                "  description: \"kpsim scale --services 20 --endpoints 3 --nodes 4 --pods 60 --mode iptables --type-mix "
                        + "ClusterIP=100,NodePort=0,LoadBalancer=0 --external-local 0.0 --internal-local 0.0 --affinity 0.0 --seed 1 "
                        + "--kube-proxy-version 1.35\"",
                "proxy:",
                "  mode: iptables",
                "  node: node-0000",
                "  kubeProxyVersion: \"1.35\"",
                "  clusterCIDR: [10.128.0.0/9]",
                "  nodePortAddresses: [primary]");
        assertThat(lines).contains(
                "  - {name: node-0000, addresses: [172.16.0.10], podCIDR: 10.128.0.0/24, zone: zone-a}",
                "  - {name: pod-000000, namespace: ns-000, labels: {app: svc-00000}, ip: 10.128.0.2, node: node-0000, ports: [{name: http, port: 8080}]}",
                "  - {name: svc-00000, namespace: ns-000, clusterIP: 10.96.0.10, selector: {app: svc-00000}, ports: [{name: http, port: 80, targetPort: 8080}]}",
                "  - {name: svc-00000-0, namespace: ns-000, service: svc-00000, addressType: IPv4, ports: [{name: http, port: 8080}], endpoints: "
                        + "[{ip: 10.128.0.2, node: node-0000, zone: zone-a, pod: pod-000000}, {ip: 10.128.1.2, node: node-0001, zone: zone-b, "
                        + "pod: pod-000001}, {ip: 10.128.2.2, node: node-0002, zone: zone-c, pod: pod-000002}]}");

        Cli.Run generate = Cli.run("generate", file.toString());
        assertThat(generate.code()).isZero();
        assertThat(generate.err()).isEmpty();
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(20, 3).withNodes(4));
        assertThat(generate.out()).isEqualTo(new IptablesMode().generate(c.proxyInput()).render("restore"));

        Cli.Run simulate = Cli.run("simulate", file.toString(), "--service", "ns-000/svc-00000", "--connections", "3000");
        assertThat(simulate.code()).as(simulate.err()).isZero();
        assertThat(simulate.out()).contains("ns-000/svc-00000:http").contains("10.128.0.2:8080").contains("10.128.1.2:8080")
                .contains("10.128.2.2:8080");
    }

    @Test
    void anUnwritableScenarioFileIsBadInput(@TempDir Path dir) {
        String file = dir.resolve("no-such-dir/s.yaml").toString();
        Cli.Run r = Cli.run("scale", "--services", "2", "--endpoints", "1", "--write-scenario", file);
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(file + ": cannot write the scenario: no such directory\n");
    }

    /** kube-proxy's {@code TestNumberIptablesRules} formula against generated synthetic clusters. */
    @ParameterizedTest(name = "{0} services x {1} endpoints")
    @CsvSource({"0, 0", "1, 0", "10, 0", "1, 1", "1, 10", "10, 2", "100, 3", "1000, 1", "250, 12"})
    void ruleCountFormula(int services, int endpoints) {
        SyntheticCluster c = SyntheticClusterGenerator.generate(SyntheticSpec.of(services, endpoints));
        IptablesDataPlane dp = new IptablesMode().generate(c.proxyInput());
        RuleCensus census = RuleCensus.ofPayloads(dp.payloads());
        assertThat(census.rules("nat")).isEqualTo(KubeProxyRuleFormula.natRules(services, endpoints));
        assertThat(census.rules("filter")).isEqualTo(KubeProxyRuleFormula.filterRules(services, endpoints));
    }
}
