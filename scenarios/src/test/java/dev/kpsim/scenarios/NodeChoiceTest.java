package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.IpAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeChoiceTest {
    private final LoadedInput hostnames = Inputs.load("examples/hostnames.yaml");
    private final Cluster c = hostnames.cluster();
    private final ProxyConfig none = hostnames.config();

    @Test
    void explicitNodeWins() {
        ProxyConfig named = none.toBuilder().hostnameOverride("node-2").build();
        assertThat(NodeChoice.choose(c, named, Optional.of("node-3"), Optional.of(IpAddress.parse("10.244.1.7"))))
                .isEqualTo(new NodeChoice.Chosen("node-3", Optional.empty()));
    }

    @Test
    void anExplicitNodeMustExist() {
        BadInputException e = catchThrowableOfType(BadInputException.class,
                () -> NodeChoice.choose(c, none, Optional.of("node-9"), Optional.empty()));
        assertThat(e.getMessage()).isEqualTo("kpsim: node 'node-9' does not exist; nodes: node-1, node-2, node-3");
        assertThat(e.diagnostics().get(0).code()).isEqualTo("unknown-node");
    }

    @Test
    void theConfiguredNodeComesNext() {
        ProxyConfig named = none.toBuilder().hostnameOverride("node-2").build();
        assertThat(NodeChoice.choose(c, named, Optional.empty(), Optional.of(IpAddress.parse("10.244.1.7"))))
                .isEqualTo(new NodeChoice.Chosen("node-2", Optional.empty()));
        assertThat(NodeChoice.choose(c, none.toBuilder().hostnameOverride("elsewhere").build(), Optional.empty(), Optional.empty()).note())
                .contains("node 'elsewhere' named by the kube-proxy configuration has no Node object; it has no node IPs");
    }

    @Test
    void thenTheNodeOfThePacketsSourcePod() {
        assertThat(NodeChoice.choose(c, none, Optional.empty(), Optional.of(IpAddress.parse("10.244.2.3")))).isEqualTo(new NodeChoice.Chosen("node-2",
                Optional.of("simulating node node-2, where the packet's source pod default/hostnames-632524106-tlaok runs")));
        assertThat(NodeChoice.choose(c, none, Optional.empty(), Optional.of(IpAddress.parse("10.240.0.5"))).nodeName()).isEqualTo("node-3");
    }

    @Test
    void elseTheFirstNodeByNameWithANote() {
        assertThat(NodeChoice.choose(c, none, Optional.empty(), Optional.of(IpAddress.parse("192.0.2.1")))).isEqualTo(new NodeChoice.Chosen("node-1",
                Optional.of("simulating node node-1 (the first by name); other nodes: node-2, node-3 (choose with --node)")));
    }

    @Test
    void withoutAnyNode() {
        Cluster empty = new Cluster(List.of(), List.of(), c.services(), c.endpointSlices());
        assertThat(NodeChoice.choose(empty, none, Optional.of("n1"), Optional.empty())).isEqualTo(new NodeChoice.Chosen("n1",
                Optional.of("the input has no Node objects; node n1 has no node IPs")));
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> NodeChoice.choose(empty, none, Optional.empty(), Optional.empty()));
        assertThat(e.getMessage()).isEqualTo("kpsim: the input has no nodes; name the node kube-proxy runs on with --node or proxy.node");
    }
}
