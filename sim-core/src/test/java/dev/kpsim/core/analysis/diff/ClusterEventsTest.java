package dev.kpsim.core.analysis.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.analysis.doctor.Fixtures;
import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.SliceEndpoint;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {
    private static final SourceLocation AT = new SourceLocation("events.yaml", 3, 5);

    private static List<SliceEndpoint> endpoints(Cluster c) {
        return c.endpointSlices().get(0).endpoints();
    }

    @Test
    void terminatingEndpointServesButIsNotReady() {
        Cluster c = ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.EndpointTerminating("hostnames-10-244-2-3", AT));
        SliceEndpoint ep = endpoints(c).get(1);
        assertThat(ep.isReady()).isFalse();
        assertThat(ep.isServing()).isTrue();
        assertThat(ep.isTerminating()).isTrue();
        assertThat(c.pods().get(1).terminating()).isTrue();
        assertThat(endpoints(c).get(0).isReady()).isTrue();
    }

    @Test
    void notReadyByAddress() {
        Cluster c = ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.EndpointNotReady("10.244.3.6", AT));
        assertThat(endpoints(c).get(2).isServing()).isFalse();
        assertThat(endpoints(c).get(2).isTerminating()).isFalse();
    }

    @Test
    void scaleDownDropsTheLastEndpointsAndTheirPods() {
        Cluster c = ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.Scale("default/hostnames", 1, AT));
        assertThat(endpoints(c)).extracting(e -> e.addresses().get(0).toString()).containsExactly("10.244.1.7");
        assertThat(c.pods()).extracting(Pod::name).containsExactly("hostnames-10-244-1-7");
    }

    @Test
    void scaleUpAddsPodsOnTheNodesInTurn() {
        Cluster c = ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.Scale("hostnames", 5, AT));
        assertThat(endpoints(c)).extracting(e -> e.addresses().get(0) + " " + e.nodeName()).containsExactly(
                "10.244.1.7 node-1", "10.244.2.3 node-2", "10.244.3.6 node-3", "10.244.1.2 node-1", "10.244.2.2 node-2");
        assertThat(c.pods()).extracting(Pod::name).endsWith("hostnames-scaled-3", "hostnames-scaled-4");
        assertThat(c.pods().get(3).labels()).containsEntry("app", "hostnames");
    }

    @Test
    void aNodeLosesItsLocalEndpoints() {
        Cluster c = ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.LocalEndpointsLost("default/hostnames", "node-2", AT));
        assertThat(endpoints(c)).extracting(SliceEndpoint::nodeName).containsExactly("node-1", "node-3");
    }

    @Test
    void timeEventsMoveTheClock() {
        Cluster c = Fixtures.hostnames();
        assertThat(ClusterEvents.advanceMillis(c, new ClusterEvent.AffinityTimeoutPasses("default/hostnames", AT))).isEqualTo(10_801_000L);
        assertThat(ClusterEvents.advanceMillis(c, new ClusterEvent.Wait(30_000, AT))).isEqualTo(30_000L);
        assertThat(ClusterEvents.apply(c, new ClusterEvent.Wait(30_000, AT))).isSameAs(c);
        assertThat(new ClusterEvent.Wait(30_000, AT).describe()).isEqualTo("wait 30s");
    }

    @Test
    void eventsNamingNothingAreLocatedErrors() {
        assertThatThrownBy(() -> ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.EndpointTerminating("nosuch", AT)))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics().get(0).format())
                        .isEqualTo("events.yaml:3:5: no endpoint of pod or address nosuch"));
        assertThatThrownBy(() -> ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.Scale("default/x", 2, AT)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no Service default/x");
        assertThatThrownBy(() -> ClusterEvents.apply(Fixtures.hostnames(), new ClusterEvent.LocalEndpointsLost("hostnames", "node-9", AT)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no endpoint of hostnames runs on node node-9");
    }
}
