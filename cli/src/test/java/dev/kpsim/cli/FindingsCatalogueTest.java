package dev.kpsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The doctor's named findings on the generated data planes of the examples, in both simulated modes. */
class FindingsCatalogueTest {

    private static List<JsonNode> findings(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("doctor", "-o", "json"));
        all.addAll(List.of(args));
        Cli.Run r = Cli.run(all.toArray(String[]::new));
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).get("findings").forEach(out::add);
        return out;
    }

    private static JsonNode find(List<JsonNode> fs, String id) {
        return fs.stream().filter(f -> f.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " in " + fs));
    }

    @Test
    void sourceRangesDropOtherClients() throws IOException {
        JsonNode ipt = find(findings(Cli.example("loadbalancer-sourceranges.yaml")), "source-range-drop");
        assertThat(ipt.get("message").asText()).isEqualTo("clients outside 198.51.100.0/24 are dropped at 203.0.113.10:443");
        assertThat(ipt.get("lines").get(0).asText()).isEqualTo("-A KUBE-PROXY-FIREWALL -d 203.0.113.10/32 -p tcp -m comment "
                + "--comment \"default/shop:https traffic not accepted by KUBE-FW-YBRHFGZD3TRL7I6I\" -m tcp --dport 443 -j DROP");
        JsonNode nft = find(findings("--mode", "nftables", Cli.example("loadbalancer-sourceranges.yaml")), "source-range-drop");
        assertThat(nft.get("lines").get(0).asText()).isEqualTo("ip saddr != 198.51.100.0/24 drop");
    }

    @Test
    void unreadyEndpointsAndPerPortAffinity() throws IOException {
        List<JsonNode> fs = findings(Cli.example("affinity-multiport.yaml"));
        assertThat(fs).extracting(f -> f.get("id").asText()).containsExactly("no-endpoints", "unready-endpoints",
                "unready-endpoints", "affinity-per-port");
        assertThat(fs.get(1).get("lines").get(1).asText()).isEqualTo("10.244.2.32:8080 (pod default/api-2): ready=false serving=true terminating=true");
        assertThat(fs.get(3).get("message").asText()).isEqualTo("default/api has ClientIP affinity on 2 ports (http, metrics): "
                + "each port keeps its own affinity, so one client may reach different pods on each");
        List<JsonNode> nft = findings("--mode", "nftables", Cli.example("affinity-multiport.yaml"));
        JsonNode aff = find(nft, "affinity-per-port");
        assertThat(aff.get("lines").get(0).asText()).startsWith("ip saddr @affinity-");
        assertThat(findings("--mode", "ipvs", Cli.example("affinity-multiport.yaml")))
                .extracting(f -> f.get("id").asText()).doesNotContain("affinity-per-port").contains("weight-zero-real-server");
    }

    @Test
    void noLocalEndpointsInNftablesNamesTheMapElement() throws IOException {
        JsonNode f = find(findings("--mode", "nftables", Cli.example("nodeport-local.yaml")), "no-local-endpoints");
        assertThat(f.get("message").asText()).isEqualTo("node node-3 has no local endpoint of default/web:http: "
                + "externalTrafficPolicy Local drops external traffic to node port 10.240.0.13:30080 here");
        assertThat(f.get("lines")).extracting(JsonNode::asText).containsExactly(
                "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports",
                "map no-endpoint-nodeports element tcp . 30080 comment \"default/web:http\" : drop");
    }

    @Test
    void scalingUpAddsEndpointsThatNewConnectionsUse(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path events = dir.resolve("scale.yaml");
        java.nio.file.Files.writeString(events, "- scale: {service: default/hostnames, replicas: 4}\n");
        Cli.Run r = Cli.run("diff", Cli.example("hostnames.yaml"), "--events", events.toString());
        assertThat(r.code()).isEqualTo(ExitCode.EXPECTATION_FAILED);
        assertThat(r.out()).contains("""
                  external 192.0.2.10 -> default/hostnames cluster IP 10.0.1.175:80/TCP
                    A: 10.244.1.7:9376 33.3%, DROP 66.7%
                    B: 10.244.1.2:9376 25.0%, 10.244.1.7:9376 25.0%, DROP 50.0%
                """).doesNotContain("Established connections").contains("Rules: 33 -> 36 (+3)\n");
    }
}
