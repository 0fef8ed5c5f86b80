package dev.kpsim.mode.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFormatTest {

    /** kube-proxy's {@code TestComputeProbability} values, and the {@code %0.5f} strings of the old proxier. */
    @ParameterizedTest
    @CsvSource({
            "1, 10, 1.0000000000",
            "2, 10, 0.5000000000",
            "3, 10, 0.3333333333",
            "10, 10, 0.1000000000",
            "100001, 10, 0.0000099999",
            "3, 5, 0.33333",
            "6, 5, 0.16667",
            "7, 5, 0.14286",
            "2, 5, 0.50000"})
    void probability(int k, int decimals, String expected) {
        assertThat(GoFormat.probability(k, decimals)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"14, 0x00004000", "0, 0x00000001", "31, 0x80000000", "3, 0x00000008"})
    void hexMarkIsGoPercentHashZeroEightX(int bit, String expected) {
        assertThat(GoFormat.hexMark(1 << bit)).isEqualTo(expected);
    }

    /** Go's {@code %0.10f} always has exactly ten decimals, and 1/k never rounds above 1. */
    @Property
    void probabilityHasTheRequestedDecimals(@ForAll @IntRange(min = 1, max = 1_000_000) int k) {
        String p = GoFormat.probability(k, 10);
        assertThat(p).matches("[01]\\.\\d{10}");
        assertThat(Double.parseDouble(p)).isBetween(0.0, 1.0);
    }
}
