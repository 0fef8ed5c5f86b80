package dev.kpsim.core.analysis.reach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharesTest {
    @Test
    void smallFractionsAreNamedAndTheRestGetsFourDecimals() {
        assertThat(Shares.format(1.0)).isEqualTo("1");
        assertThat(Shares.format(0.3333333333)).isEqualTo("1/3");
        assertThat(Shares.format(0.5)).isEqualTo("1/2");
        assertThat(Shares.format(2.0 / 3)).isEqualTo("2/3");
        assertThat(Shares.format(0.4)).isEqualTo("2/5");
        assertThat(Shares.format(1.0 / 64)).isEqualTo("1/64");
        assertThat(Shares.format(1.0 / 65)).isEqualTo("0.0154");
        assertThat(Shares.format(0.27182818)).isEqualTo("0.2718");
    }
}
