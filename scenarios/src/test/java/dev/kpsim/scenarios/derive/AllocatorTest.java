package dev.kpsim.scenarios.derive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AllocatorTest {

    @Test
    void clusterIpsStartAtTheTenthAddress() {
        ClusterIpAllocator a = new ClusterIpAllocator(Set.of(IpAddress.parse("10.96.0.11")));
        Cidr c = Cidr.parse("10.96.0.0/12");
        assertThat(a.allocate(c)).contains(IpAddress.parse("10.96.0.10"));
        assertThat(a.allocate(c)).contains(IpAddress.parse("10.96.0.12"));
        ClusterIpAllocator small = new ClusterIpAllocator(Set.of());
        Cidr tiny = Cidr.parse("10.0.0.8/29");
        List<IpAddress> got = new ArrayList<>();
        for (Optional<IpAddress> ip = small.allocate(tiny); ip.isPresent(); ip = small.allocate(tiny)) {
            got.add(ip.get());
        }
        assertThat(got).extracting(IpAddress::toString).as("no network or broadcast address")
                .containsExactly("10.0.0.9", "10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.14");
    }

    @Property(tries = 200)
    void allocatedAddressesAreFreshInsideTheRangeAndReproducible(@ForAll @IntRange(min = 22, max = 30) int prefix,
                                                                 @ForAll @IntRange(min = 0, max = 40) int takenCount,
                                                                 @ForAll @IntRange(min = 1, max = 60) int wanted) {
        Cidr cidr = new Cidr(IpAddress.parse("10.96.8.0"), prefix);
        Set<IpAddress> taken = new HashSet<>();
        for (int i = 0; i < takenCount; i++) {
            taken.add(cidr.address().plus(i * 3L + 9));
        }
        List<Optional<IpAddress>> first = run(cidr, taken, wanted);
        assertThat(run(cidr, taken, wanted)).isEqualTo(first);
        Set<IpAddress> seen = new HashSet<>();
        for (Optional<IpAddress> ip : first) {
            ip.ifPresent(a -> {
                assertThat(cidr.contains(a)).isTrue();
                assertThat(a).isNotEqualTo(cidr.address());
                assertThat(a).isNotEqualTo(cidr.address().plus((1L << (32 - prefix)) - 1));
                assertThat(taken).doesNotContain(a);
                assertThat(seen.add(a)).isTrue();
            });
        }
    }

    private static List<Optional<IpAddress>> run(Cidr cidr, Set<IpAddress> taken, int wanted) {
        ClusterIpAllocator a = new ClusterIpAllocator(taken);
        List<Optional<IpAddress>> out = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            out.add(a.allocate(cidr));
        }
        return out;
    }

    @Property(tries = 100)
    void nodePortsAreTheLowestFreeAndNeverRepeat(@ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(min = 0, max = 10) int takenCount) {
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < takenCount; i++) {
            taken.add(30000 + i * 2);
        }
        NodePortAllocator a = new NodePortAllocator(30000, 30000 + size - 1, taken);
        Set<Integer> seen = new HashSet<>(taken);
        int last = 29999;
        for (OptionalInt p = a.allocate(); p.isPresent(); p = a.allocate()) {
            assertThat(p.getAsInt()).isGreaterThan(last).isBetween(30000, 30000 + size - 1);
            assertThat(seen.add(p.getAsInt())).isTrue();
            last = p.getAsInt();
        }
        assertThat(seen).containsAll(java.util.stream.IntStream.range(30000, 30000 + size).boxed().toList());
    }
}
