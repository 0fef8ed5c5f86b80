package dev.kpsim.mode.iptables;

import static dev.kpsim.mode.iptables.Fixtures.TEST_NODE;
import static dev.kpsim.mode.iptables.Fixtures.fakeProxierConfig;
import static dev.kpsim.mode.iptables.Fixtures.testNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.mode.ProxyInput;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Same input ⇒ identical bytes, whatever order the Services and slices were read in. */
class DeterminismTest {

    @Test
    void repeatedGenerationIsIdentical() {
        Cluster c = Fixtures.cluster(List.of(testNode()), Fixtures.overallServices(true), Fixtures.overallSlices(TEST_NODE));
        IptablesMode mode = new IptablesMode();
        for (String v : List.of("1.2", "1.26", "1.28", "1.35")) {
            ProxyInput in = new ProxyInput(c, fakeProxierConfig(KubeProxyVersion.parse(v).orElseThrow()), TEST_NODE);
            IptablesDataPlane a = mode.generate(in);
            IptablesDataPlane b = mode.generate(in);
            assertThat(a.render("restore")).isEqualTo(b.render("restore"));
            assertThat(a.render("json")).isEqualTo(b.render("json"));
            assertThat(a).isEqualTo(b);
        }
    }

    @Property(tries = 30)
    void inputOrderDoesNotMatter(@ForAll long seed) {
        List<Service> services = new ArrayList<>(Fixtures.overallServices(true));
        List<EndpointSlice> slices = new ArrayList<>(Fixtures.overallSlices(TEST_NODE));
        String expected = render(services, slices);
        Random r = new Random(seed);
        Collections.shuffle(services, r);
        Collections.shuffle(slices, r);
        assertThat(render(services, slices)).isEqualTo(expected);
    }

    private static String render(List<Service> services, List<EndpointSlice> slices) {
        Cluster c = Fixtures.cluster(List.of(testNode()), services, slices);
        return new IptablesMode().generate(new ProxyInput(c, fakeProxierConfig(KubeProxyVersion.LATEST), TEST_NODE))
                .render("restore");
    }
}
