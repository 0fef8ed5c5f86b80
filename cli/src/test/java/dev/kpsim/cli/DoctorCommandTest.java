package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    static final String DUMP = Cli.root().resolve("scenarios/examples/dumps/node-flannel-docker.iptables-save").toString();
    static final String DRIFT = Cli.root().resolve("cli/src/test/resources/drift/node-flannel-docker.yaml").toString();

    @Test
    void hostnamesPassesEveryStep() {
        Cli.Run r = Cli.run("doctor", Cli.example("hostnames.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                kpsim doctor: node node-1, iptables mode, hostnames.yaml

                Service default/hostnames
                  ok    1. Service default/hostnames exists
                          ok    ClusterIP 10.0.1.175, port 80/TCP -> 9376
                  ok    2. It has endpoints
                          ok    3 endpoints: 10.244.1.7:9376 on node-1, 10.244.2.3:9376 on node-2, 10.244.3.6:9376 on node-3
                  ok    3. Its endpoints are ready
                          ok    3 of 3 ready
                  ok    4. The node has kube-proxy's iptables rules for it
                          ok    nat KUBE-SERVICES: 1 rule for cluster IP 10.0.1.175:80/TCP -> KUBE-SVC-YN5D6RYVEVZOH44Q
                          ok    nat KUBE-SVC-YN5D6RYVEVZOH44Q: jumps to 3 endpoint chains
                          ok    nat KUBE-SEP-IQV2T7WZFFJMSXMA: DNAT to 10.244.1.7:9376, hairpin masquerade for 10.244.1.7
                          ok    nat KUBE-SEP-VVQPNQCRNAQTZLWG: DNAT to 10.244.2.3:9376, hairpin masquerade for 10.244.2.3
                          ok    nat KUBE-SEP-PR3FG6SU5SIGDY7O: DNAT to 10.244.3.6:9376, hairpin masquerade for 10.244.3.6
                  ok    5. Traffic reaches every endpoint
                          ok    cluster IP 10.0.1.175:80/TCP from pod default/hostnames-632524106-ly40y (10.244.1.7): 10.244.1.7:9376 33.3% (masquerade to 10.244.1.1), 10.244.2.3:9376 33.3%, 10.244.3.6:9376 33.3%
                  ok    6. An endpoint can reach itself through the Service (hairpin)
                          ok    pod default/hostnames-632524106-ly40y (10.244.1.7) -> 10.0.1.175:80/TCP: 33.3% back to itself, masqueraded to 10.244.1.1; the bridge decides the rest: kubelet --hairpin-mode none FAILS 1/3, hairpin-veth works, promiscuous-bridge FAILS 1/3 (bridge-nf-call-iptables=1; kpsim hairpin explains)

                doctor: 6 ok, 0 warn, 0 FAIL, 0 skip; 0 findings
                """);
        assertThat(r.err()).isEqualTo("kpsim: note: simulating node node-1 (the first by name); other nodes: node-2, node-3 (choose with --node)\n");
    }

    @Test
    void theNodeWithoutLocalEndpointsIsNamed() {
        Cli.Run r = Cli.run("doctor", "--no-explain", Cli.example("nodeport-local.yaml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("""
                  warn  5. Traffic reaches every endpoint
                          ok    cluster IP 10.96.0.10:80/TCP from node node-3 (10.240.0.13): 10.244.1.10:8080 50.0% (masquerade to 10.240.0.13), 10.244.2.10:8080 50.0% (masquerade to 10.240.0.13)
                          warn  node port 10.240.0.13:30080/TCP from external 192.0.2.10: DROP: default/web:http has no local endpoints on node-3 (externalTrafficPolicy Local)
                """).endsWith("""
                Findings
                  warning no-local-endpoints: node node-3 has no local endpoint of default/web:http: externalTrafficPolicy Local drops external traffic to node port 10.240.0.13:30080 here
                      -A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP

                doctor: 3 ok, 2 warn, 0 FAIL, 1 skip; 1 finding
                """);
        assertThat(Cli.run("doctor", "--strict", Cli.example("nodeport-local.yaml")).code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        Cli.Run node1 = Cli.run("doctor", "--node", "node-1", "--no-explain", Cli.example("nodeport-local.yaml"));
        assertThat(node1.out()).doesNotContain("no-local-endpoints").endsWith("doctor: 6 ok, 0 warn, 0 FAIL, 0 skip; 0 findings\n");
    }

    @Test
    void aServiceWithoutEndpointsFailsWithExitCode3() {
        Cli.Run r = Cli.run("doctor", "--service", "default/legacy-db", Cli.example("affinity-multiport.yaml"));
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("  FAIL  2. It has endpoints\n          FAIL  no endpoints: the Service has no selector and no EndpointSlice names it\n")
                .contains("  error no-endpoints: default/legacy-db:postgres has no usable endpoint, so new connections to its cluster IP 10.96.0.81:5432 are rejected\n"
                        + "      -A KUBE-SERVICES -d 10.96.0.81/32 -p tcp -m comment --comment \"default/legacy-db:postgres has no endpoints\" -m tcp --dport 5432 -j REJECT --reject-with icmp-port-unreachable\n"
                        + "    kube-proxy found no ready (nor serving-terminating) endpoint for this service port, so instead\n")
                .doesNotContain("Service default/api\n")
                .endsWith("doctor: 2 ok, 1 warn, 1 FAIL, 2 skip; 1 finding (a step failed)\n");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void everyModeIsExamined() {
        Cli.Run ipvs = Cli.run("doctor", "--mode", "ipvs", "--no-explain", Cli.example("hostnames-ipvs.yaml"));
        assertThat(ipvs.code()).isZero();
        assertThat(ipvs.out()).contains("          ok    virtual server TCP 10.0.1.175:80 (cluster IP): 3 real servers with weight > 0\n")
                .contains("  ok    5. Traffic reaches every endpoint\n          ok    cluster IP 10.0.1.175:80/TCP from pod "
                        + "default/hostnames-632524106-bbpiw (10.244.0.5): 10.244.0.5:9376 33.3% (masquerade to 10.244.0.1), "
                        + "10.244.0.6:9376 33.3%, 10.244.0.7:9376 33.3% (over 2520 new connections: the choice depends on state)\n");
        Cli.Run nft = Cli.run("doctor", "--mode", "nftables", Cli.example("hostnames.yaml"));
        assertThat(nft.out()).contains("          ok    chain service-EJAJPSCL-default/hostnames/tcp/: numgen random mod 3 vmap over 3 endpoint chains\n")
                .endsWith("doctor: 6 ok, 0 warn, 0 FAIL, 0 skip; 0 findings\n");
        Cli.Run userspace = Cli.run("doctor", Cli.example("hostnames-userspace.yaml"));
        assertThat(userspace.out()).contains("          ok    nat KUBE-PORTALS-CONTAINER REDIRECT and KUBE-PORTALS-HOST DNAT for cluster IP 10.0.1.175:80/TCP\n");
        Cli.Run old = Cli.run("doctor", "--kube-proxy-version", "1.2", Cli.example("hostnames.yaml"));
        assertThat(old.out()).contains("nat KUBE-SVC-NWV5X2332I4OT4T3: jumps to 3 endpoint chains").endsWith("0 findings\n");
    }

    @Test
    void aRealDumpAgainstItsObjectsShowsDrift() {
        Cli.Run r = Cli.run("doctor", "--no-explain", "--iptables-save", DUMP, "--node-ip", "192.168.49.2", DRIFT);
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).startsWith("kpsim doctor: node worker-1, iptables mode, iptables-save node-flannel-docker.iptables-save\n")
                .contains("          FAIL  nat KUBE-SVC-CDGGSHYLG3RE2FKL: jumps to 3 endpoint chains, not the expected ones; missing KUBE-SEP-AWFNTVUNTOD2SN3M; unexpected KUBE-SEP-F7BHZ7WL3PFYMSRY\n")
                .contains("  warning stale-endpoint-chain: KUBE-SEP-F7BHZ7WL3PFYMSRY is default/web:http's chain for 10.244.1.6:8080, which is not an endpoint it uses now\n")
                .endsWith("doctor: 16 ok, 1 warn, 3 FAIL, 4 skip; 2 findings (a step failed)\n");
    }

    @Test
    void anIpvsNodesDumpsShowLeftoverRealServers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        String scenario = Cli.example("hostnames-ipvs.yaml");
        for (String format : java.util.List.of("ipvsadm-save", "ipset", "iptables-save")) {
            java.nio.file.Files.writeString(dir.resolve(format), Cli.run("generate", "--mode", "ipvs", "--format", format, scenario).out());
        }
        java.nio.file.Path ipvsadm = dir.resolve("ipvsadm-save");
        java.nio.file.Files.writeString(ipvsadm, java.nio.file.Files.readString(ipvsadm).replace(
                "-a -t 10.0.1.175:80 -r 10.244.0.6:9376 -m -w 1\n",
                "-a -t 10.0.1.175:80 -r 10.244.0.6:9376 -m -w 0\n-a -t 10.0.1.175:80 -r 10.244.0.9:9376 -m -w 1\n"));
        Cli.Run r = Cli.run("doctor", "--no-explain", scenario, "--ipvsadm", ipvsadm.toString(), "--ipset", dir.resolve("ipset").toString(),
                "--iptables-save", dir.resolve("iptables-save").toString(), "--node-ip", "10.240.0.2");
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).startsWith("kpsim doctor: node node-1, ipvs mode, ipvsadm ipvsadm-save\n").contains("""
                  FAIL  4. The node has kube-proxy's ipvs rules for it
                          FAIL  virtual server TCP 10.0.1.175:80 (cluster IP): real servers [10.244.0.5:9376, 10.244.0.7:9376, 10.244.0.9:9376], expected [10.244.0.5:9376, 10.244.0.6:9376, 10.244.0.7:9376]
                """).endsWith("""
                Findings
                  warning stale-real-server: real server 10.244.0.9:9376 of TCP 10.0.1.175:80 (default/hostnames) is no endpoint of it
                      -A -t 10.0.1.175:80 -s rr
                      -a -t 10.0.1.175:80 -r 10.244.0.9:9376 -m -w 1
                  info weight-zero-real-server: real server 10.244.0.6:9376 of TCP 10.0.1.175:80 (default/hostnames) is draining at weight 0
                      -A -t 10.0.1.175:80 -s rr
                      -a -t 10.0.1.175:80 -r 10.244.0.6:9376 -m -w 0

                doctor: 4 ok, 0 warn, 2 FAIL, 0 skip; 2 findings (a step failed)
                """);
    }

    @Test
    void jsonCarriesStepsAndFindings() throws IOException {
        Cli.Run r = Cli.run("doctor", "-o", "json", Cli.example("nodeport-local.yaml"));
        assertThat(r.code()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("node").asText()).isEqualTo("node-3");
        assertThat(j.get("passed").asBoolean()).isTrue();
        assertThat(j.get("steps").get("warn").asInt()).isEqualTo(2);
        assertThat(j.get("services").get(0).get("steps").get(4).get("id").asText()).isEqualTo("traffic");
        JsonNode f = j.get("findings").get(0);
        assertThat(f.get("id").asText()).isEqualTo("no-local-endpoints");
        assertThat(f.get("severity").asText()).isEqualTo("warning");
        assertThat(f.get("service").asText()).isEqualTo("default/web");
        assertThat(f.get("lines")).hasSize(1);
        assertThat(f.get("explanation").asText()).startsWith("With externalTrafficPolicy: Local");
    }

    @Test
    void badInputIsExitCode2() {
        Cli.Run r = Cli.run("doctor");
        assertThat(r.code()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("kpsim: no input files given");
        assertThat(r.out()).isEmpty();
    }
}
