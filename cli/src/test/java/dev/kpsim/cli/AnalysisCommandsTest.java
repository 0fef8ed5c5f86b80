package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reach, hairpin, graph and trace --explain, run as a user would (whole outputs where they are short). */
class AnalysisCommandsTest {

    @Test
    void reachOnHostnamesGivesEachPodOneThirdFromEveryClient() {
        Cli.Run r = Cli.run("reach", Cli.example("hostnames.yaml"));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains(
                "  node    client                                 F1\n"
                + "  node-1  pod default/hostnames-632524106-ly40y  3 ep m\n"
                + "  node-1  host node-1                            3 ep\n"
                + "  node-2  pod default/hostnames-632524106-tlaok  3 ep m\n"
                + "  node-2  host node-2                            3 ep\n"
                + "  node-3  pod default/hostnames-632524106-bbpiw  3 ep m\n"
                + "  node-3  host node-3                            3 ep\n"
                + "  node-1  external 192.0.2.100                   3 ep r\n"
                + "  node-2  external 192.0.2.100                   3 ep r\n"
                + "  node-3  external 192.0.2.100                   3 ep r\n");
        assertThat(r.out()).contains("  host node-1, host node-2, host node-3\n"
                + "    1/3  10.244.1.7:9376  pod default/hostnames-632524106-ly40y (node-1)\n"
                + "    1/3  10.244.2.3:9376  pod default/hostnames-632524106-tlaok (node-2)\n"
                + "    1/3  10.244.3.6:9376  pod default/hostnames-632524106-bbpiw (node-3)\n");
        assertThat(r.out()).endsWith("BLACK HOLES (silently dropped: clients time out): none\n");
    }

    @Test
    void reachShowsTheExternalTrafficPolicyLocalBlackHole() {
        Cli.Run r = Cli.run("reach", Cli.example("nodeport-local.yaml"), "--service", "default/web:http");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  node-3  external 192.0.2.100          2 ep M  -        -        DROP!\n");
        assertThat(r.out()).endsWith("BLACK HOLES (silently dropped: clients time out)\n"
                + "  ! F4  default/web:http node port 10.240.0.13:30080/TCP\n"
                + "    from host node-1, host node-2, external 192.0.2.100 arriving at node-3\n"
                + "    why: externalTrafficPolicy is Local and node-3 has no ready endpoint of default/web:http: kube-proxy drops\n"
                + "      the traffic, since forwarding it to another node would need masquerade and lose the client's address\n"
                + "      that Local promises to keep\n"
                + "    rule: filter:KUBE-EXTERNAL-SERVICES rule 1\n");
    }

    @Test
    void reachOnOneNodeKeepsOnlyThatNodesClients() {
        Cli.Run r = Cli.run("reach", Cli.example("nodeport-local.yaml"), "--node", "node-3", "--output", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"name\": \"host node-3\"").doesNotContain("\"name\": \"host node-1\"");
        assertThat(r.out()).contains("\"cause\": \"external-policy-local\"");
    }

    @Test
    void reachNamesTheServicesWhenTheFilterMatchesNone() {
        Cli.Run r = Cli.run("reach", Cli.example("hostnames.yaml"), "--service", "default/nope");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("kpsim: no service port 'default/nope' (services are named namespace/name or "
                + "namespace/name:port; known: default/hostnames)\n");
    }

    @Test
    void reachInIpvsModeTakesTheRoundRobinSequence() {
        Cli.Run r = Cli.run("reach", Cli.example("hostnames.yaml"), "--mode", "ipvs", "--node", "node-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  ipvs chooses deterministically: a cell is the spread of 2520 successive new connections, 4 h apart\n");
        assertThat(r.out()).contains("  node-2  pod default/hostnames-632524106-tlaok  3 ep m\n"
                + "  node-2  host node-2                            3 ep\n");
        assertThat(r.out()).contains("    1/3  10.244.2.3:9376  pod default/hostnames-632524106-tlaok (node-2)  masqueraded "
                + "(source 10.244.2.1)  hairpin: the pod reached itself\n");
    }

    @Test
    void reachReadsARealDumpAloneFindingItsFrontends(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("node.save");
        Cli.Run gen = Cli.run("generate", Cli.example("nodeport-local.yaml"), "--node", "node-3", "--format", "save");
        Files.writeString(dump, gen.out());
        Cli.Run r = Cli.run("reach", "--iptables-save", dump.toString(), "--node-ip", "10.240.0.13", "--node", "node-3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("FRONTENDS\n"
                + "  F1  default/web:http node port 10.240.0.13:30080/TCP\n"
                + "  F2  default/web:http cluster IP 10.96.0.10:80/TCP\n");
        assertThat(r.out()).contains("  node-3  external 192.0.2.100  DROP!   2 ep M\n");
    }

    @Test
    void hairpinOnHostnamesFailsUnderNoneAndWorksUnderHairpinVeth() {
        Cli.Run r = Cli.run("hairpin", Cli.example("hostnames.yaml"), "--pod", "default/hostnames-632524106-ly40y");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("pod default/hostnames-632524106-ly40y on node-1 (10.244.1.7) -> default/hostnames 10.0.1.175:80/TCP\n"
                + "  connections: 1/3 back to the pod itself (masqueraded to 10.244.1.1; DNAT at PREROUTING, while bridged), 2/3\n"
                + "    to endpoints on other nodes\n"
                + "  hairpin mode        bridge-nf-call-iptables=1       bridge-nf-call-iptables=0\n"
                + "  none                FAILS 1/3 (observed)            works (derived)\n"
                + "  hairpin-veth        works (observed)                works (derived)\n"
                + "  promiscuous-bridge  FAILS 1/3 (observed)            works (derived)\n");
        assertThat(r.out()).contains("    nat:KUBE-SEP-IQV2T7WZFFJMSXMA rule 1: -A KUBE-SEP-IQV2T7WZFFJMSXMA -m comment --comment "
                + "default/hostnames -s 10.244.1.7 -j KUBE-MARK-MASQ\n");
    }

    @Test
    void hairpinWithADumpButNoClusterAsksForTheFiles(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("node.save");
        Files.writeString(dump, Cli.run("generate", Cli.example("hostnames.yaml"), "--format", "save").out());
        Cli.Run r = Cli.run("hairpin", "--iptables-save", dump.toString(), "--node-ip", "10.240.0.3");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("kpsim: hairpin needs the cluster's services and pods: give the scenario or "
                + "manifests (FILES) together with the dump\n");
    }

    @Test
    void hairpinWithTheClusterAndTheNodesDumpAnalysesThatNode(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("node.save");
        Files.writeString(dump, Cli.run("generate", Cli.example("hostnames.yaml"), "--node", "node-2", "--format", "save").out());
        Cli.Run r = Cli.run("hairpin", Cli.example("hostnames.yaml"), "--iptables-save", dump.toString(), "--node", "node-2",
                "--node-ip", "10.240.0.4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("pod default/hostnames-632524106-tlaok on node-2").doesNotContain("ly40y on node-1");
        assertThat(r.out()).contains("  promiscuous-bridge  FAILS 1/3 (observed)");
    }

    @Test
    void graphOfOneServiceAsDotAndTheWholeRulesetAsJson() {
        Cli.Run r = Cli.run("graph", Cli.example("hostnames.yaml"), "--service", "default/hostnames");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("digraph kpsim {\n").contains("label=\"default/hostnames\"")
                .contains("\"nat:KUBE-SERVICES\" -> \"nat:KUBE-SVC-YN5D6RYVEVZOH44Q\" [label=\"#1 -d 10.0.1.175/32 -p tcp -m tcp --dport 80\"];")
                .doesNotContain("filter:");
        Cli.Run json = Cli.run("graph", Cli.example("hostnames.yaml"), "--mode", "nftables", "--format", "json");
        assertThat(json.code()).isZero();
        assertThat(json.out()).contains("\"id\": \"ip kube-proxy:services\"", "\"label\": \"@service-ips 10.0.1.175 . tcp . 80\"");
    }

    @Test
    void graphLintReportsEachFinding() {
        Cli.Run r = Cli.run("graph", Cli.example("hostnames-ipvs.yaml"), "--lint");
        assertThat(r.code()).as(r.err()).isZero();
        // tables in the order iptables-save lists them (filter before nat)
        assertThat(r.out()).isEqualTo("LINT: ipvs ruleset: 2 findings (0 errors, 0 warnings, 2 info)\n"
                + "  INFO    filter:KUBE-SOURCE-RANGES-FIREWALL (<ipvs iptables payload>:25:1): unused-chain: nothing leads here now; kube-proxy always creates this chain and uses it once a service needs it\n"
                + "  INFO    nat:KUBE-LOAD-BALANCER (<ipvs iptables payload>:11:1): unused-chain: nothing leads here now; kube-proxy always creates this chain and uses it once a service needs it\n");
    }

    @Test
    void graphOfAnUnknownServiceListsTheKnownOnes() {
        Cli.Run r = Cli.run("graph", Cli.example("hostnames.yaml"), "--service", "default/web");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).endsWith("kpsim: no chains of service 'default/web' (services with chains: default/hostnames)\n");
    }

    @Test
    void traceExplainSaysWhyEachRuleExists() {
        Cli.Run r = Cli.run("trace", Cli.example("hostnames.yaml"), "--src", "10.244.1.7", "--dst", "10.0.1.175:80", "--explain");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("TRACE: nat:KUBE-SEP-IQV2T7WZFFJMSXMA:rule:1 -A KUBE-SEP-IQV2T7WZFFJMSXMA -m comment "
                + "--comment default/hostnames -s 10.244.1.7 -j KUBE-MARK-MASQ\n"
                + "  WHY: marks traffic from the endpoint itself so that a pod reaching itself through its service is "
                + "masqueraded (hairpin); without it the reply would not pass back through this node [hairpin-masquerade]\n");
        Cli.Run json = Cli.run("trace", Cli.example("hostnames.yaml"), "--src", "10.244.1.7", "--dst", "10.0.1.175:80",
                "--explain", "--output", "json");
        assertThat(json.out()).contains("\"why\": {\n", "\"role\": \"endpoint-dnat\"", "\"inferred\": false");
    }

    @Test
    void traceExplainOnADumpInfersRolesFromKubeProxysComments(@TempDir Path dir) throws IOException {
        Path dump = dir.resolve("node.save");
        Files.writeString(dump, Cli.run("generate", Cli.example("hostnames.yaml"), "--format", "save").out());
        Cli.Run r = Cli.run("trace", "--iptables-save", dump.toString(), "--node-ip", "10.240.0.3", "--src", "192.0.2.1",
                "--dst", "10.0.1.175:80", "--explain");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  WHY: sends traffic for the service's ClusterIP and port to its service chain [cluster-ip, inferred]\n");
    }
}
