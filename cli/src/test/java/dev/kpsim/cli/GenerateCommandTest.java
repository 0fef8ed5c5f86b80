package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code kpsim generate} on the bundled examples. */
class GenerateCommandTest {

    @Test
    void hostnamesGivesOneServiceChainAndThreeEndpointChains() {
        Cli.Run r = Cli.run("generate", "--mode", "iptables", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("*filter\n").contains("*nat\n")
                .contains(":KUBE-SVC-YN5D6RYVEVZOH44Q - [0:0]")
                .contains("--probability 0.3333333333 ").contains("--probability 0.5000000000 ");
        assertThat(r.out().lines().filter(l -> l.startsWith(":KUBE-SEP-"))).hasSize(3);
        assertThat(r.err()).isEqualTo("kpsim: note: simulating node node-1 (the first by name); other nodes: node-2, node-3 (choose with --node)\n");
    }

    @Test
    void bothInputStylesGiveIdenticalRules() {
        Cli.Run compact = Cli.run("generate", "--mode", "iptables", "--node", "node-1", Cli.example("hostnames.yaml"));
        Cli.Run k8s = Cli.run("generate", "--mode", "iptables", "--node", "node-1", Cli.example("hostnames-k8s"));
        assertThat(compact.code()).isZero();
        assertThat(k8s.code()).isZero();
        assertThat(k8s.out()).isEqualTo(compact.out());
    }

    @Test
    void oldFlavourUsesTheDebugServicesChainNames() {
        Cli.Run r = Cli.run("generate", "--kube-proxy-version", "1.2", "--node", "node-1", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("-j KUBE-SVC-NWV5X2332I4OT4T3").contains(":KUBE-SEP-57KPRZ3JQVENLNBR - [0:0]")
                .contains("--probability 0.33333 ");
    }

    @Test
    void sameInputSameBytes() {
        Cli.Run a = Cli.run("generate", "--mode", "ipvs", "--format", "all", Cli.example("hostnames.yaml"));
        Cli.Run b = Cli.run("generate", "--mode", "ipvs", "--format", "all", Cli.example("hostnames.yaml"));
        assertThat(a.code()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).contains("TCP  10.0.1.175:80 rr");
    }

    @Test
    void showListsTheEndpointsWithTheirFlags() {
        Cli.Run r = Cli.run("show", "--node", "node-3", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                SERVICE PORT           TYPE       FRONTENDS      ENDPOINT         NODE    READY  SERVING  TERMINATING  LOCAL  USED FOR
                default/hostnames/TCP  ClusterIP  10.0.1.175:80  10.244.1.7:9376  node-1  yes    yes      no           no     cluster
                                                                 10.244.2.3:9376  node-2  yes    yes      no           no     cluster
                                                                 10.244.3.6:9376  node-3  yes    yes      no           yes    cluster
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void showJsonIsAJsonDocument() {
        Cli.Run r = Cli.run("show", "--node", "node-3", "--output", "json", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("{\n  \"node\" : \"node-3\",").contains("\"address\" : \"10.244.3.6:9376\"");
    }
}
