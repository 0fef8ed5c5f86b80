package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code kpsim trace} and {@code kpsim simulate}: issue 3's acceptance cases and their error handling. */
class TraceSimulateCommandTest {

    private static final String HOSTNAMES = Cli.example("hostnames.yaml");

    @Test
    void allBranchesListsTheThreeEndpointsAndTheHairpinMasquerade() {
        Cli.Run r = Cli.run("trace", HOSTNAMES, "--src", "10.244.3.6", "--dst", "10.0.1.175:80", "--all-branches");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("PACKET: tcp 10.244.3.6:32768 > 10.0.1.175:80 on node-3, entering at PREROUTING\n")
                .contains("OUTCOME 1 of 3: probability 0.333333").contains("OUTCOME 3 of 3: probability 0.333333")
                .contains("SUMMARY: DNAT to 10.244.1.7:9376 via KUBE-SVC-YN5D6RYVEVZOH44Q, masqueraded: no")
                .contains("SUMMARY: DNAT to 10.244.2.3:9376 via KUBE-SVC-YN5D6RYVEVZOH44Q, masqueraded: no")
                .contains("SUMMARY: DNAT to 10.244.3.6:9376 via KUBE-SVC-YN5D6RYVEVZOH44Q, masqueraded: yes (source 10.244.3.1)")
                .contains("-s 10.244.3.6 -j KUBE-MARK-MASQ");
        assertThat(r.err()).isEqualTo("kpsim: note: simulating node node-3, where the packet's source pod default/hostnames-632524106-bbpiw runs\n");
    }

    @Test
    void jsonHasExactlyTheDocumentedShape() {
        Cli.Run r = Cli.run("trace", HOSTNAMES, "--src", "10.244.3.6", "--dst", "10.0.1.175:80", "--all-branches", "-o", "json");
        assertThat(r.code()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = json(r.out());
        assertThat(doc.fieldNames()).toIterable().containsExactly("packet", "entry", "outcomes");
        assertThat(doc.get("entry").asText()).isEqualTo("PREROUTING");
        assertThat(doc.get("outcomes")).hasSize(3);
        com.fasterxml.jackson.databind.JsonNode hairpin = doc.get("outcomes").get(2);
        assertThat(hairpin.fieldNames()).toIterable().containsExactly("probability", "verdict", "destination", "masquerade", "uncertain", "hops");
        assertThat(hairpin.get("probability").asDouble()).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(hairpin.get("verdict").asText()).isEqualTo("ACCEPT");
        assertThat(hairpin.get("destination").asText()).isEqualTo("10.244.3.6:9376");
        assertThat(hairpin.get("masquerade").asBoolean()).isTrue();
        assertThat(hairpin.get("uncertain").asBoolean()).isFalse();
    }

    @Test
    void singleTraceIsDeterministicForASeed() {
        Cli.Run a = Cli.run("trace", HOSTNAMES, "--src", "10.244.3.6:40000", "--dst", "10.0.1.175:80", "--seed", "7");
        Cli.Run b = Cli.run("trace", HOSTNAMES, "--src", "10.244.3.6:40000", "--dst", "10.0.1.175:80", "--seed", "7");
        assertThat(a.code()).isZero();
        assertThat(a.out()).isEqualTo(b.out()).contains("VERDICT: ACCEPT");
    }

    @Test
    void simulateGivesAThirdEachWithTheSameNumbersEveryRun() {
        Cli.Run a = Cli.run("simulate", HOSTNAMES, "--connections", "30000", "--seed", "1");
        Cli.Run b = Cli.run("simulate", HOSTNAMES, "--connections", "30000", "--seed", "1");
        assertThat(a.code()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        assertThat(a.out()).isEqualTo("""
                10.0.1.175:80/TCP  (default/hostnames cluster IP)
                30000 new connections from 10.244.1.7, entering at PREROUTING, seed 1
                ENDPOINT         POD                           EXACT  OBSERVED     SHARE  95% INTERVAL
                10.244.1.7:9376  hostnames-632524106-ly40y  0.333333     10133  0.337767  [0.332436, 0.343139]
                10.244.2.3:9376  hostnames-632524106-tlaok  0.333333      9917  0.330567  [0.325265, 0.335911]
                10.244.3.6:9376  hostnames-632524106-bbpiw  0.333333      9950  0.331667  [0.326361, 0.337016]
                chi-square 2.7078, 2 degrees of freedom, p-value 0.2582
                """);
    }

    @Test
    void simulateOneServiceFromTheNode() {
        Cli.Run r = Cli.run("simulate", HOSTNAMES, "--service", "default/hostnames", "--src", "10.240.0.3",
                "--connections", "3000", "-o", "json");
        assertThat(r.code()).isZero();
        com.fasterxml.jackson.databind.JsonNode doc = json(r.out());
        assertThat(doc).hasSize(1);
        assertThat(doc.get(0).get("frontend").asText()).isEqualTo("10.0.1.175:80/TCP");
        assertThat(doc.get(0).get("report").get("entry").asText()).isEqualTo("OUTPUT");
    }

    /** With ClientIP affinity every later connection sticks: the exact shares follow the sequence, not 1/n. */
    @Test
    void affinityIsComparedWithTheSequenceNotTheFirstConnection() {
        Cli.Run r = Cli.run("simulate", Cli.example("affinity-multiport.yaml"), "--service", "default/api:http",
                "--connections", "2000", "--seed", "3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("note: each connection's exact distribution depends on the earlier ones")
                .doesNotContain("p-value 0.0000");
    }

    @Test
    void unknownServiceIsBadInput() {
        Cli.Run r = Cli.run("simulate", HOSTNAMES, "--service", "default/nope");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("kpsim: no service port 'default/nope' on node node-1");
    }

    @Test
    void destinationIsRequiredAndChecked() {
        assertThat(Cli.run("trace", HOSTNAMES).err()).contains("--dst IP:PORT is required");
        Cli.Run r = Cli.run("trace", HOSTNAMES, "--dst", "10.0.1.175");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).isEqualTo("kpsim: --dst '10.0.1.175' is not IP:PORT (e.g. 10.0.1.175:80)\n");
    }

    @Test
    void realNodeDumpIsTraced() {
        String dump = Cli.root().resolve("scenarios/examples/dumps/node-flannel-docker.iptables-save").toString();
        Cli.Run r = Cli.run("trace", "--iptables-save", dump, "--node-ip", "192.168.49.2", "--src", "10.244.1.5",
                "--dst", "10.96.0.10:53", "--proto", "udp", "--all-branches");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("OUTCOME 1 of 2: probability 0.500000")
                .contains("SUMMARY: DNAT to 10.244.0.2:53 via KUBE-SVC-TCOU7JCQXEZGVUNU, masqueraded: no")
                .contains("SUMMARY: DNAT to 10.244.0.3:53 via KUBE-SVC-TCOU7JCQXEZGVUNU, masqueraded: no");
    }

    @Test
    void truncatedDumpIsLocatedBadInput(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path f = dir.resolve("cut.txt");
        java.nio.file.Files.writeString(f, "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j KUBE-SERVICES\n-A KUBE-SERVICES -d 10.0.0.1/32 -p tcp -m tcp --dp");
        Cli.Run r = Cli.run("trace", "--iptables-save", f.toString(), "--src", "10.244.1.5", "--dst", "10.0.0.1:80");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(f + ":4:4: chain KUBE-SERVICES does not exist in table nat")
                .contains("truncated dump?").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
