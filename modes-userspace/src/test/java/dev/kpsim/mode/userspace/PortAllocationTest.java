package dev.kpsim.mode.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.cluster.PortRef;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.cluster.ServicePort;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.ports.EphemeralPorts;
import dev.kpsim.mode.userspace.ports.PortAllocationException;
import dev.kpsim.mode.userspace.ports.PortAllocator;
import dev.kpsim.mode.userspace.ports.PortRange;
import dev.kpsim.mode.userspace.ports.RangeAllocator;
import dev.kpsim.mode.userspace.proxier.Rng;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PortAllocationTest {

    private static final String NO_PORTS =
            "port allocation failed; there are no remaining ports left to allocate in the accepted range";

    @Test
    void portRangeParsesAsKubeProxyDoes() {
        assertThat(PortRange.parse("")).isEqualTo(PortRange.UNSET);
        assertThat(PortRange.parse("  ")).isEqualTo(PortRange.UNSET);
        assertThat(PortRange.parse("30000-30009")).isEqualTo(new PortRange(30000, 10));
        assertThat(PortRange.parse("30000+9")).isEqualTo(new PortRange(30000, 10));
        assertThat(PortRange.parse("40000")).isEqualTo(new PortRange(40000, 1));
        assertThat(PortRange.parse("30000-30009").toString()).isEqualTo("30000-30009");
        assertThat(PortRange.parse("0-100").isUnset()).isTrue();
    }

    @Test
    void badPortRangesAreLocatedBadInput() {
        assertThatThrownBy(() -> PortRange.parse("30010-30000")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("end port cannot be less than start port: 30010-30000");
        assertThatThrownBy(() -> PortRange.parse("60000-70000")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the port range cannot be greater than 65535");
        assertThatThrownBy(() -> PortRange.parse("a-b")).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics().get(0).code()).isEqualTo("bad-port-range"));
        assertThatThrownBy(() -> PortRange.parse("1-2+3")).isInstanceOf(BadInputException.class);
    }

    @Test
    void rangeAllocatorIsDeterministicPerSeedAndFailsWhenExhausted() throws PortAllocationException {
        List<Integer> a = drain(new RangeAllocator(new PortRange(30000, 5), Rng.seeded(7, 1)), 5);
        List<Integer> b = drain(new RangeAllocator(new PortRange(30000, 5), Rng.seeded(7, 1)), 5);
        assertThat(a).isEqualTo(b).containsExactlyInAnyOrder(30000, 30001, 30002, 30003, 30004);
        RangeAllocator full = new RangeAllocator(new PortRange(30000, 5), Rng.seeded(7, 1));
        drain(full, 5);
        assertThatThrownBy(full::allocateNext).isInstanceOf(PortAllocationException.class).hasMessage(NO_PORTS);
        full.release(30003);
        assertThat(full.allocateNext()).isEqualTo(30003);
    }

    @Test
    void differentSeedsGiveDifferentFirstPorts() throws PortAllocationException {
        Set<Integer> first = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            first.add(new RangeAllocator(new PortRange(20000, 10000), Rng.seeded(seed, 1)).allocateNext());
        }
        assertThat(first).hasSizeGreaterThan(1);
    }

    @Property(tries = 200)
    void rangeAllocatorHandsOutEveryPortOnceThenFails(@ForAll @IntRange(min = 1, max = 300) int size, @ForAll long seed)
            throws PortAllocationException {
        RangeAllocator r = new RangeAllocator(new PortRange(40000, size), Rng.seeded(seed, 1));
        Set<Integer> ports = new HashSet<>(drain(r, size));
        assertThat(ports).hasSize(size).allMatch(p -> p >= 40000 && p < 40000 + size);
        assertThatThrownBy(r::allocateNext).hasMessage(NO_PORTS);
    }

    @Test
    void randomAllocatorLeavesTheChoiceToTheKernel() throws PortAllocationException {
        assertThat(PortAllocator.forRange(PortRange.UNSET, Rng.seeded(0, 1)).allocateNext()).isZero();
        EphemeralPorts k1 = new EphemeralPorts(Rng.seeded(3, 3));
        EphemeralPorts k2 = new EphemeralPorts(Rng.seeded(3, 3));
        List<Integer> p1 = new ArrayList<>();
        List<Integer> p2 = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            p1.add(k1.bindAny(Protocol.TCP));
            p2.add(k2.bindAny(Protocol.TCP));
        }
        assertThat(p1).isEqualTo(p2).doesNotHaveDuplicates()
                .allMatch(p -> p >= EphemeralPorts.LOW && p <= EphemeralPorts.HIGH);
    }

    @Test
    void kernelNeverHandsOutABoundPortOfTheSameProtocol() throws PortAllocationException {
        EphemeralPorts k = new EphemeralPorts(Rng.seeded(1, 3));
        for (int p = EphemeralPorts.LOW; p <= EphemeralPorts.HIGH; p++) {
            if (p != 45000) {
                k.markBound(Protocol.TCP, p);
            }
        }
        assertThat(k.bindAny(Protocol.TCP)).isEqualTo(45000);
        assertThatThrownBy(() -> k.bindAny(Protocol.TCP)).isInstanceOf(PortAllocationException.class)
                .hasMessage("listen tcp :0: bind: address already in use");
        assertThat(k.bindAny(Protocol.UDP)).isBetween(EphemeralPorts.LOW, EphemeralPorts.HIGH);
    }

    private static ProxyInput threeServices(ProxyConfig cfg) {
        List<Service> svcs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            svcs.add(Service.builder("default", "svc" + i).clusterIp(IpAddress.parse("10.0.0." + (10 + i)))
                    .port(new ServicePort("http", Protocol.TCP, 80, PortRef.of(8080), 0)).build());
        }
        return new ProxyInput(Fixtures.cluster(svcs, List.of()), cfg, Fixtures.NODE);
    }

    @Test
    void generationWithKernelPortsIsDeterministicPerSeed() {
        ProxyInput in = threeServices(Fixtures.config().build());
        UserspaceMode mode = new UserspaceMode();
        List<Integer> a = proxyPorts(mode.generate(in, UserspaceOptions.defaults().withSeed(11)));
        List<Integer> b = proxyPorts(mode.generate(in, UserspaceOptions.defaults().withSeed(11)));
        List<Integer> c = proxyPorts(mode.generate(in, UserspaceOptions.defaults().withSeed(12)));
        assertThat(a).isEqualTo(b).doesNotHaveDuplicates().allMatch(p -> p >= 32768 && p <= 60999);
        assertThat(c).isNotEqualTo(a);
        assertThat(mode.generate(in, UserspaceOptions.defaults().withSeed(11)).render("restore"))
                .isEqualTo(mode.generate(in, UserspaceOptions.defaults().withSeed(11)).render("restore"));
    }

    @Test
    void exhaustedRangeLeavesTheServicePortWithoutProxyAndLogsTheError() {
        UserspaceDataPlane dp = Fixtures.generate(threeServices(Fixtures.config().proxyPortRange("30000-30001").build()));
        assertThat(dp.proxier().services()).hasSize(2);
        assertThat(proxyPorts(dp)).containsExactlyInAnyOrder(30000, 30001);
        assertThat(dp.log()).extracting(Object::toString).contains(
                "E [v0] failed to allocate proxy port for service \"default/svc3:http\": " + NO_PORTS);
        assertThat(Fixtures.rules(dp, "nat")).noneMatch(l -> l.contains("default/svc3:http"));
        assertThat(dp.notes()).anyMatch(d -> d.code().equals("userspace-proxy-port-exhausted"));
    }

    @Test
    void pinnedPortsTakePrecedenceAndAreReservedInTheRange() {
        ProxyConfig cfg = Fixtures.config().proxyPortRange("30000-30001").userspaceProxyPort("default/svc2:http", 30000).build();
        UserspaceDataPlane dp = Fixtures.generate(threeServices(cfg));
        assertThat(dp.proxier().services().values()).extracting(i -> i.name().name() + "=" + i.proxyPort())
                .containsExactly("svc1=30001", "svc2=30000");
        assertThat(dp.log()).extracting(Object::toString)
                .contains("E [v0] failed to allocate proxy port for service \"default/svc3:http\": " + NO_PORTS);
        assertThat(dp.pinnedPorts()).extracting(s -> s.name()).containsExactly("svc2");
    }

    @Test
    void conflictingOrInvalidPinsAreBadInput() {
        ProxyConfig clash = Fixtures.config().userspaceProxyPort("default/svc1:http", 40000)
                .userspaceProxyPort("default/svc2:http", 40000).build();
        assertThatThrownBy(() -> Fixtures.generate(threeServices(clash))).isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).diagnostics().get(0).code()).isEqualTo("userspace-proxy-port-conflict"))
                .hasMessageContaining("default/svc2:http and default/svc1:http are both pinned to proxy port 40000/TCP");
        ProxyConfig outOfRange = Fixtures.config().userspaceProxyPort("default/svc1:http", 70000).build();
        assertThatThrownBy(() -> Fixtures.generate(threeServices(outOfRange))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("outside 1-65535");
    }

    private static List<Integer> proxyPorts(UserspaceDataPlane dp) {
        return dp.proxier().services().values().stream().map(ServiceInfo::proxyPort).toList();
    }

    private static List<Integer> drain(PortAllocator a, int n) throws PortAllocationException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(a.allocateNext());
        }
        return out;
    }
}
