package dev.kpsim.emulator.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.emulator.experiment.TrafficSource;
import dev.kpsim.emulator.fixtures.Shop;
import dev.kpsim.emulator.topology.TopologyPlan;
import dev.kpsim.emulator.topology.TopologyPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrontendsAndClientsTest {

    private static final TopologyPlan PLAN = TopologyPlanner.plan(Shop.cluster(), Shop.NODE_A, "kpsim-1-abc-");

    private static Frontend frontend(Frontend.Kind kind) {
        return Frontends.of(Shop.input("iptables"), Optional.of("default/shop")).stream().filter(f -> f.kind() == kind)
                .findFirst().orElseThrow();
    }

    @Test
    void everyFrontendOfEveryServicePortInKubeProxysOrder() {
        List<Frontend> all = Frontends.of(Shop.input("iptables"), Optional.empty());
        assertThat(all).extracting(Frontend::describe).containsExactly(
                "default/shop:https cluster IP 10.96.100.50:443/TCP",
                "default/shop:https external IP 10.250.0.20:443/TCP",
                "default/shop:https load-balancer IP 203.0.113.10:443/TCP",
                "default/shop:https node port 10.240.0.21:30443/TCP",
                "default/sticky cluster IP 10.96.0.80:80/TCP");
        assertThat(all.get(2).sourceRanges()).containsExactly(Cidr.parse("198.51.100.0/24"));
        assertThat(all.get(0).endpoints()).containsExactlyInAnyOrder(Shop.SHOP_A, Shop.SHOP_B);
        assertThat(Frontends.of(Shop.input("iptables"), Optional.of("default/shop:443"))).hasSize(4);
        assertThat(Frontends.of(Shop.input("iptables"), Optional.of("default/shop:https"))).hasSize(4);
        assertThat(Frontends.of(Shop.input("iptables"), Optional.of("default/sticky"))).hasSize(1);
        assertThatThrownBy(() -> Frontends.of(Shop.input("iptables"), Optional.of("default/nope")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no service port 'default/nope' on node node-a");
        assertThat(Frontends.address(HostPort.parse("10.0.0.1:53"), Protocol.UDP).describe()).isEqualTo("10.0.0.1:53/UDP");
    }

    @Test
    void theExternalClientHasAnAddressInsideTheSourceRanges() {
        assertThat(PLAN.externalAddresses()).containsExactly(IpAddress.parse("203.0.113.11"), IpAddress.parse("198.51.100.10"));
    }

    @Test
    void aLoadBalancerIpIsTriedFromInsideAndOutsideItsSourceRanges() {
        List<String> skipped = new ArrayList<>();
        List<Client> c = Clients.of(PLAN, frontend(Frontend.Kind.LOAD_BALANCER_IP), Optional.empty(), skipped);
        assertThat(c).extracting(Client::label).containsExactly("local pod default/client-a (10.244.1.9)",
                "node node-a (10.240.0.21)", "external client (203.0.113.11, outside loadBalancerSourceRanges)",
                "external client (198.51.100.10, inside loadBalancerSourceRanges)");
        assertThat(c).extracting(Client::kind).containsExactly(Client.Kind.LOCAL_POD, Client.Kind.NODE, Client.Kind.EXTERNAL,
                Client.Kind.EXTERNAL_ALLOWED);
        assertThat(skipped).isEmpty();
    }

    @Test
    void remotePodsOnlyForAddressesOfTheNodeUnderTest() {
        List<String> skipped = new ArrayList<>();
        assertThat(Clients.of(PLAN, frontend(Frontend.Kind.NODE_PORT), Optional.empty(), skipped)).extracting(Client::kind)
                .containsExactly(Client.Kind.LOCAL_POD, Client.Kind.REMOTE_POD, Client.Kind.NODE, Client.Kind.EXTERNAL);
        // the non-backing pod is preferred
        assertThat(Clients.of(PLAN, frontend(Frontend.Kind.NODE_PORT), Optional.empty(), skipped).get(1).address()).isEqualTo(Shop.CLIENT_B);
        assertThat(Clients.of(PLAN, frontend(Frontend.Kind.CLUSTER_IP), Optional.empty(), skipped)).extracting(Client::kind)
                .containsExactly(Client.Kind.LOCAL_POD, Client.Kind.NODE, Client.Kind.EXTERNAL);
        assertThat(skipped).isEmpty();
    }

    @Test
    void oneClientOnRequest() {
        List<String> skipped = new ArrayList<>();
        Frontend vip = frontend(Frontend.Kind.CLUSTER_IP);
        assertThat(Clients.of(PLAN, vip, Optional.of(new TrafficSource.FromPod("default", "shop-a")), skipped))
                .singleElement().satisfies(c -> {
                    assertThat(c.kind()).isEqualTo(Client.Kind.LOCAL_POD);
                    assertThat(c.address()).isEqualTo(Shop.SHOP_A);
                });
        assertThat(Clients.of(PLAN, vip, Optional.of(new TrafficSource.FromPod("default", "client-b")), skipped)).isEmpty();
        assertThat(skipped).singleElement().asString().contains("does not reach 10.96.100.50:443 through node node-a");
        assertThat(Clients.of(PLAN, vip, Optional.of(new TrafficSource.FromNode(Shop.NODE_A)), skipped)).extracting(Client::kind)
                .containsExactly(Client.Kind.NODE);
        assertThat(Clients.of(PLAN, vip, Optional.of(new TrafficSource.FromExternal()), skipped)).extracting(Client::kind)
                .containsExactly(Client.Kind.EXTERNAL);
        assertThat(Clients.of(PLAN, vip, Optional.of(new TrafficSource.FromPod("default", "ghost")), skipped)).isEmpty();
        assertThat(skipped).last().asString().contains("pod default/ghost is not emulated");
    }

    @Test
    void theHairpinExperimentUsesThePodsThatBackTheService() {
        assertThat(Agreement.backingPods(PLAN, frontend(Frontend.Kind.CLUSTER_IP), Optional.empty())).extracting(Client::label)
                .containsExactly("backing pod default/shop-a (10.244.1.20)");
        assertThat(Agreement.backingPods(PLAN, frontend(Frontend.Kind.CLUSTER_IP), Optional.of(new TrafficSource.FromNode(Shop.NODE_A))))
                .isEmpty();
    }
}
