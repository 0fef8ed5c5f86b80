package dev.kpsim.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.1.175, 10.0.1.175",
            "fd00::1, fd00::1",
            "FD00:0:0:0:0:0:0:1, fd00::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "::, ::",
            "::ffff:10.0.0.1, ::ffff:a00:1",
            "fd00:10:0:0:0:0:0:0, fd00:10::",
    })
    void printsLikeGo(String in, String out) {
        assertThat(IpAddress.parse(in)).hasToString(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "10.0.0.01", "1.2.3.4.5", "fd00:::1", "1::2::3", "g::1", "10.0.0.1.", ":1"})
    void rejectsMalformed(String in) {
        assertThat(IpAddress.tryParse(in)).isEmpty();
    }

    @Test
    void cidrContainsAndMasks() {
        Cidr c = Cidr.parse("10.244.1.5/16");
        assertThat(c).hasToString("10.244.0.0/16");
        assertThat(c.contains(IpAddress.parse("10.244.200.1"))).isTrue();
        assertThat(c.contains(IpAddress.parse("10.245.0.1"))).isFalse();
        assertThat(Cidr.parse("fd00:10::/64").contains(IpAddress.parse("fd00:10::5"))).isTrue();
        assertThat(Cidr.tryParse("10.0.0.0/33")).isEmpty();
    }

    @Property
    void v4RoundTrips(@ForAll int bits) {
        IpAddress ip = IpAddress.v4(bits);
        assertThat(IpAddress.parse(ip.toString())).isEqualTo(ip);
    }

    @Property
    void v6RoundTrips(@ForAll long hi, @ForAll long lo) {
        IpAddress ip = new IpAddress(IpFamily.IPV6, hi, lo);
        assertThat(IpAddress.parse(ip.toString())).isEqualTo(ip);
    }
}
