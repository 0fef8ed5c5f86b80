package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DiffCommandTest {

    static final String ROLLOUT = Cli.root().resolve("cli/src/test/resources/events/rollout.yaml").toString();
    static final String BAD_EVENTS = Cli.root().resolve("cli/src/test/resources/events/bad-events.yaml").toString();

    @Test
    void twoModesThatBehaveAlikeHaveNoSemanticDifference() {
        Cli.Run r = Cli.run("diff", Cli.example("hostnames.yaml"), "--vs-mode", "nftables");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                kpsim diff
                  A: hostnames.yaml [iptables v1.35]
                  B: hostnames.yaml [nftables v1.35]
                  3 reachability cells compared (client -> frontend, exact outcomes)

                Rules: 33 -> 29 (-4)
                Rules walked per new connection (mean): 14.0 -> 13.3
                  external 192.0.2.10 -> default/hostnames cluster IP 10.0.1.175:80/TCP: 15.0 -> 13.0
                  node node-1 (10.240.0.3) -> default/hostnames cluster IP 10.0.1.175:80/TCP: 12.0 -> 13.0
                  pod default/hostnames-632524106-ly40y (10.244.1.7) -> default/hostnames cluster IP 10.0.1.175:80/TCP: 15.0 -> 14.0

                diff: no semantic difference
                """);
    }

    @Test
    void modesThatDifferShowTheCells() {
        Cli.Run r = Cli.run("diff", Cli.example("loadbalancer-sourceranges.yaml"), "--vs-mode", "nftables");
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("""
                  external 192.0.2.10 -> default/shop:https node port 10.250.0.20:30000/TCP
                    A: 10.244.1.20:8443
                    B: untranslated
                """);
    }

    @Test
    void olderVersionsShiftTheDistributionBy5DecimalProbabilities() {
        Cli.Run r = Cli.run("diff", Cli.example("hostnames.yaml"), "--vs-version", "1.2");
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("""
                  external 192.0.2.10 -> default/hostnames cluster IP 10.0.1.175:80/TCP
                    A: 10.244.1.7:9376 33.3333%, DROP 66.6667%
                    B: 10.244.1.7:9376 33.3330%, DROP 66.6670%
                """).contains("Rules: 33 -> 14 (-19)\n").endsWith("diff: 3 semantic differences (distribution 3)\n");
    }

    @Test
    void eventsKeepEstablishedConnectionsOnTheirOldEndpoint() {
        Cli.Run r = Cli.run("diff", ROLLOUT);
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).startsWith("""
                kpsim diff
                  A: rollout.yaml before events
                  B: rollout.yaml after 2 events
                  note: event: endpoint web-b becomes terminating
                  note: event: node node-1 loses its endpoints of default/web
                  note: 3 connections established before the events (seed 1)
                """).contains("""
                  external 192.0.2.10 -> default/web cluster IP 10.96.0.50:80/TCP
                    A: 10.244.1.10:8080 50.0% (masquerade to 10.244.1.1), 10.244.2.10:8080 50.0% (masquerade to 10.240.0.11)
                    B: 10.244.2.10:8080 (masquerade to 10.240.0.11)
                """).contains("""
                  external 192.0.2.10 -> default/web cluster IP 10.96.0.50:80/TCP (192.0.2.10:40002)
                    A: 10.244.1.10:8080
                    B: 10.244.1.10:8080 (stale conntrack: no longer an endpoint new connections use)
                """).endsWith("diff: 6 semantic differences (reachability 3, established 3)\n");
    }

    @Test
    void affinityTimeoutReleasesThePinnedClients(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path events = dir.resolve("events.yaml");
        java.nio.file.Files.writeString(events, "events:\n  - affinityTimeoutPasses: default/api\n");
        Cli.Run r = Cli.run("diff", Cli.example("affinity-multiport.yaml"), "--events", events.toString());
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("""
                  external 192.0.2.10 -> default/api:http cluster IP 10.96.0.80:80/TCP
                    A: 10.244.1.30:8080 (masquerade to 10.244.1.1)
                    B: 10.244.1.30:8080 50.0% (masquerade to 10.244.1.1), 10.244.2.31:8080 50.0% (masquerade to 10.240.0.31)
                """).doesNotContain("Established connections");
    }

    @Test
    void aRealDumpDriftsFromItsObjects() {
        Cli.Run r = Cli.run("diff", DoctorCommandTest.DRIFT, "--iptables-save", DoctorCommandTest.DUMP, "--node-ip", "192.168.49.2");
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("""
                Drift of the node's kube-proxy rules (4)
                  stale-endpoint-chain KUBE-SEP-F7BHZ7WL3PFYMSRY
                    on the node: KUBE-SEP-F7BHZ7WL3PFYMSRY is default/web:http's chain for 10.244.1.6:8080, which is not an endpoint it uses now
                """).contains("""
                  missing-chain KUBE-SEP-AWFNTVUNTOD2SN3M
                    kube-proxy would write: KUBE-SEP-AWFNTVUNTOD2SN3M
                    on the node: missing on the node
                      -A KUBE-SEP-AWFNTVUNTOD2SN3M -s 10.244.2.8/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ
                """).contains("""
                  node worker-1 (192.168.49.2) -> default/web:http cluster IP 10.96.110.42:80/TCP
                    A: 10.244.1.5:8080 33.3% (masquerade to 10.244.1.1), 10.244.2.7:8080 33.3% (masquerade to 192.168.49.2), 10.244.2.8:8080 33.3% (masquerade to 192.168.49.2)
                    B: 10.244.1.5:8080 33.3% (masquerade to 10.244.1.1), 10.244.1.6:8080 33.3% (masquerade to 10.244.1.1), 10.244.2.7:8080 33.3% (masquerade to 192.168.49.2)
                """).endsWith("diff: 11 semantic differences (reachability 6, masquerade 1, drift 4)\n");
    }

    @Test
    void anNftablesDumpIsComparedWithWhatTheNftablesProxierWrites(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String listing = Cli.run("generate", "--mode", "nftables", "--format", "nft", Cli.example("hostnames.yaml")).out();
        java.nio.file.Path nft = dir.resolve("node.nft");
        java.nio.file.Files.writeString(nft, listing.replace("\tchain reject-chain {",
                "\tchain endpoint-AAAAAAAA-default/hostnames/tcp/__10.244.9.9/9376 {\n\t\tmeta l4proto tcp dnat to 10.244.9.9:9376\n\t}\n\n\tchain reject-chain {"));
        Cli.Run same = Cli.run("diff", Cli.example("hostnames.yaml"), "--nft", nft.toString(),
                "--node-ip", "10.240.0.3");
        assertThat(same.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(same.out()).startsWith("kpsim diff\n  A: hostnames.yaml [what kube-proxy nftables v1.35 writes]\n  B: nft node.nft\n")
                .contains("""
                Drift of the node's kube-proxy rules (2)
                  untraceable-chain endpoint-AAAAAAAA-default/hostnames/tcp/__10.244.9.9/9376
                    on the node: endpoint-AAAAAAAA-default/hostnames/tcp/__10.244.9.9/9376 has a hash that does not match its name (not kube-proxy's)
                      meta l4proto tcp dnat to 10.244.9.9:9376
                  kube-proxy rules on the node that kube-proxy would not write
                    kube-proxy would write: absent
                    on the node: 1 rule
                """).doesNotContain("Reachability").endsWith("diff: 2 semantic differences (drift 2)\n");
    }

    @Test
    void twoScenariosOfTheSameClusterAreAlike() throws IOException {
        Cli.Run r = Cli.run("diff", Cli.example("hostnames.yaml"), Cli.example("hostnames-k8s"), "-o", "json");
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("a").asText()).isEqualTo("hostnames.yaml [iptables, node node-1]");
        assertThat(j.get("b").asText()).isEqualTo("hostnames-k8s [iptables, node node-1]");
        assertThat(j.get("different").asBoolean()).isFalse();
        assertThat(j.get("cells").asInt()).isEqualTo(3);
        assertThat(j.get("differences")).isEmpty();
    }

    @Test
    void usageAndInputErrorsAreExitCode2() {
        Cli.Run none = Cli.run("diff", Cli.example("hostnames.yaml"));
        assertThat(none.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(none.err()).contains("kpsim: diff needs a second side: a second scenario, --vs-mode, --vs-version, --events FILE");
        Cli.Run two = Cli.run("diff", Cli.example("hostnames.yaml"), "--vs-mode", "nftables", "--vs-version", "1.2");
        assertThat(two.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(two.err()).startsWith("kpsim: choose one second side: --vs-mode, --vs-version, --events or a dump\n");
        Cli.Run bad = Cli.run("diff", ROLLOUT, "--events", BAD_EVENTS);
        assertThat(bad.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).isEqualTo(BAD_EVENTS + ":2:33: unknown field 'replica' in scale (did you mean 'replicas'?); known: replicas, service\n");
        Cli.Run version = Cli.run("diff", Cli.example("hostnames.yaml"), "--vs-version", "2.x");
        assertThat(version.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(version.out()).isEmpty();
    }
}
