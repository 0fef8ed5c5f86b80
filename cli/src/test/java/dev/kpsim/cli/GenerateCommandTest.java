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

    /** Issue 4's acceptance: the Debug Services page's iptables-save lines, byte for byte. */
    @Test
    void debugServicesPageIsReproducedExactly() {
        Cli.Run r = Cli.run("generate", "--mode", "iptables", "--kube-proxy-version", "1.2", "--format", "save",
                Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("hostnames")).toList()).containsExactly(
                "-A KUBE-SEP-57KPRZ3JQVENLNBR -s 10.244.3.6/32 -m comment --comment \"default/hostnames:\" -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-57KPRZ3JQVENLNBR -p tcp -m comment --comment \"default/hostnames:\" -m tcp -j DNAT --to-destination 10.244.3.6:9376",
                "-A KUBE-SEP-WNBA2IHDGP2BOBGZ -s 10.244.1.7/32 -m comment --comment \"default/hostnames:\" -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-WNBA2IHDGP2BOBGZ -p tcp -m comment --comment \"default/hostnames:\" -m tcp -j DNAT --to-destination 10.244.1.7:9376",
                "-A KUBE-SEP-X3P2623AGDH6CDF3 -s 10.244.2.3/32 -m comment --comment \"default/hostnames:\" -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-X3P2623AGDH6CDF3 -p tcp -m comment --comment \"default/hostnames:\" -m tcp -j DNAT --to-destination 10.244.2.3:9376",
                "-A KUBE-SERVICES -d 10.0.1.175/32 -p tcp -m comment --comment \"default/hostnames: cluster IP\" -m tcp --dport 80 -j KUBE-SVC-NWV5X2332I4OT4T3",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment \"default/hostnames:\" -m statistic --mode random --probability 0.33332999982 -j KUBE-SEP-WNBA2IHDGP2BOBGZ",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment \"default/hostnames:\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-X3P2623AGDH6CDF3",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment \"default/hostnames:\" -j KUBE-SEP-57KPRZ3JQVENLNBR");
    }

    @Test
    void newestFlavourSaveShowsTheKernelRoundTripOfProbabilities() {
        Cli.Run r = Cli.run("generate", "--format", "save", "--node", "node-1", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("-m statistic --mode random --probability 0.33333333349 ")
                .contains("-j MARK --set-xmark 0x4000/0x4000").contains("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000")
                .contains("--comment \"default/hostnames -> 10.244.1.7:9376\"");
    }
}
