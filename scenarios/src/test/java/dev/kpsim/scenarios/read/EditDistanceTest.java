package dev.kpsim.scenarios.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class EditDistanceTest {

    @Test
    void typicalTypos() {
        assertThat(EditDistance.between("masqueradBit", "masqueradeBit")).isEqualTo(1);
        assertThat(EditDistance.between("clusterCIRD", "clusterCIDR")).as("a transposition").isEqualTo(1);
        assertThat(EditDistance.between("mode", "node")).isEqualTo(1);
        assertThat(EditDistance.closest("schedular", List.of("scheduler", "strictARP"))).contains("scheduler");
        assertThat(EditDistance.closest("tcp", List.of("TCP", "UDP"))).contains("TCP");
        assertThat(EditDistance.closest("bindAddress", List.of("mode", "ipvs"))).isEmpty();
        assertThat(EditDistance.closest("mode", List.of("mode"))).as("an exact match is no suggestion").isEmpty();
    }

    @Property(tries = 300)
    void isAMetricOnStrings(@ForAll @AlphaChars @StringLength(max = 12) String a, @ForAll @AlphaChars @StringLength(max = 12) String b) {
        assertThat(EditDistance.between(a, b)).isEqualTo(EditDistance.between(b, a));
        assertThat(EditDistance.between(a, a)).isZero();
        assertThat(EditDistance.between(a, b) == 0).isEqualTo(a.equals(b));
        assertThat(EditDistance.between(a, b)).isBetween(Math.abs(a.length() - b.length()), Math.max(a.length(), b.length()));
        assertThat(EditDistance.between(a, a + "x")).isEqualTo(1);
    }
}
