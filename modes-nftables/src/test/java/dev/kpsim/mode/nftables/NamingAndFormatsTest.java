package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.gen.NftFlavour;
import dev.kpsim.mode.nftables.gen.NftNames;
import dev.kpsim.mode.nftables.gen.NodePortAddresses;
import dev.kpsim.mode.nftables.model.NftFamily;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.Priority;
import dev.kpsim.mode.nftables.text.ElementOrder;
import dev.kpsim.mode.nftables.text.NftDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chain names, priorities, time values, element order, nodeport addresses, flavours, and the SPI registration. */
class NamingAndFormatsTest {

    private static final ServicePortName HOSTNAMES = new ServicePortName("default", "hostnames", "", Protocol.TCP);

    @Test
    void chainNameBasesMatchUpstreamAndReferenceHashes() {
        assertThat(NftNames.serviceBase(new ServicePortName("ns1", "svc1", "p80", Protocol.TCP)))
                .isEqualTo("ULMVA6XW-ns1/svc1/tcp/p80");
        assertThat(NftNames.endpointBase(new ServicePortName("ns1", "svc1", "p80", Protocol.TCP),
                HostPort.parse("10.180.0.1:80"))).isEqualTo("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80");
        assertThat(NftNames.serviceBase(HOSTNAMES)).isEqualTo("EJAJPSCL-default/hostnames/tcp/");
        assertThat(NftNames.endpointBase(HOSTNAMES, HostPort.parse("10.244.0.5:9376"))).startsWith("LKJ664Y7-");
        assertThat(NftNames.endpointBase(HOSTNAMES, HostPort.parse("10.244.0.6:9376"))).startsWith("33GYDFW7-");
        assertThat(NftNames.endpointBase(HOSTNAMES, HostPort.parse("10.244.0.7:9376")))
                .isEqualTo("DHVMMWFK-default/hostnames/tcp/__10.244.0.7/9376");
        assertThat(NftNames.endpointBase(HOSTNAMES, HostPort.parse("[fd00::1]:80"))).endsWith("__fd00..1/80");
    }

    @Test
    void longNamesAreTruncatedTo240Characters() {
        String ns = "n".repeat(63);
        String name = NftNames.endpointBase(new ServicePortName(ns, "s".repeat(63), "p".repeat(63), Protocol.SCTP),
                HostPort.parse("[fd00:1234:5678:9abc:def0:1234:5678:9abc]:65535"));
        assertThat(name).hasSize(240).endsWith("...");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-110|ip|prerouting|dstnat - 10", "-110|ip|output|-110", "-90|ip|output|-90", "0|ip|input|filter",
            "100|ip|postrouting|srcnat", "100|ip|input|100", "-100|ip6|output|-100", "-95|inet|prerouting|dstnat + 5",
            "45|ip|input|security - 5", "-150|ip|output|mangle", "110|ip|postrouting|srcnat + 10",
            "-200|ip|prerouting|-200"})
    void prioritiesPrintAsNft106(int value, String family, String hook, String text) {
        assertThat(new Priority(value).listText(NftFamily.parse(family).orElseThrow(), NftHook.parse(hook).orElseThrow()))
                .isEqualTo(text);
    }

    @Test
    void priorityTextParses() {
        assertThat(Priority.parse("dstnat - 10")).contains(new Priority(-110));
        assertThat(Priority.parse("dstnat-10")).contains(new Priority(-110));
        assertThat(Priority.parse("srcnat + 10")).contains(new Priority(110));
        assertThat(Priority.parse("filter")).contains(new Priority(0));
        assertThat(Priority.parse("-110")).contains(new Priority(-110));
        assertThat(Priority.parse("sideways")).isEmpty();
    }

    @Test
    void timeValuesPrintAsNftDoes() {
        assertThat(NftDuration.list(Duration.ofSeconds(10800))).isEqualTo("3h");
        assertThat(NftDuration.list(Duration.ofSeconds(3661))).isEqualTo("1h1m1s");
        assertThat(NftDuration.list(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(NftDuration.input(Duration.ofSeconds(10800))).isEqualTo("10800s");
        assertThat(NftDuration.parse("1h1m1s")).contains(Duration.ofSeconds(3661));
        assertThat(NftDuration.parse("10800s")).contains(Duration.ofSeconds(10800));
        assertThat(NftDuration.parse("3 hours")).isEmpty();
    }

    @Test
    void concatenatedElementsSortWithTheLastFieldWeighingMost() {
        List<FieldType> types = List.of(FieldType.IPV4_ADDR, FieldType.INET_PROTO, FieldType.INET_SERVICE);
        List<List<String>> keys = new ArrayList<>(List.of(List.of("10.96.0.1", "tcp", "443"),
                List.of("10.100.192.23", "tcp", "80"), List.of("10.96.0.1", "udp", "53")));
        keys.sort(ElementOrder.comparator(types));
        assertThat(keys).containsExactly(List.of("10.96.0.1", "udp", "53"), List.of("10.100.192.23", "tcp", "80"),
                List.of("10.96.0.1", "tcp", "443"));
        List<List<String>> single = new ArrayList<>(List.of(List.of("10.100.192.23"), List.of("10.96.0.10"),
                List.of("9.1.1.1")));
        single.sort(ElementOrder.comparator(List.of(FieldType.IPV4_ADDR)));
        assertThat(single).containsExactly(List.of("9.1.1.1"), List.of("10.96.0.10"), List.of("10.100.192.23"));
    }

    @Test
    void nodePortAddressesDefaultToThePrimaryIp() {
        List<IpAddress> ips = List.of(IpAddress.parse("192.168.0.2"), IpAddress.parse("192.168.1.2"),
                IpAddress.parse("2001:db8::1"));
        assertThat(NodePortAddresses.resolve(List.of(), IpFamily.IPV4, ips))
                .isEqualTo(new NodePortAddresses(false, List.of(IpAddress.parse("192.168.0.2"))));
        assertThat(NodePortAddresses.resolve(List.of("192.168.0.0/16"), IpFamily.IPV4, ips).ips()).hasSize(2);
        assertThat(NodePortAddresses.resolve(List.of("0.0.0.0/0"), IpFamily.IPV4, ips).matchAll()).isTrue();
        assertThat(NodePortAddresses.resolve(List.of("2001:db8::/64"), IpFamily.IPV4, ips).ips()).isEmpty();
        assertThat(NodePortAddresses.resolve(List.of("2001:db8::/64"), IpFamily.IPV6, ips).ips())
                .containsExactly(IpAddress.parse("2001:db8::1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.28|GA|true", "1.30|GA|true", "1.31|GA|false", "1.33|GA|false",
            "1.34|V1_34|false", "1.35|V1_34|false", "1.36|V1_36|false", "1.37|V1_36|true"})
    void versionsMapToTheNearestFlavour(String version, NftFlavour flavour, boolean noted) {
        NftFlavour.Resolution r = NftFlavour.forVersion(KubeProxyVersion.parse(version).orElseThrow());
        assertThat(r.flavour()).isEqualTo(flavour);
        assertThat(r.note() != null).isEqualTo(noted);
    }

    @Test
    void modeIsDiscoveredWithItsFormats() {
        ProxyMode mode = ServiceLoader.load(ProxyMode.class).stream().map(ServiceLoader.Provider::get)
                .filter(m -> m.name().equals("nftables")).findFirst().orElseThrow();
        assertThat(mode.formats()).containsExactly("nft", "nft-f");
        NftablesDataPlane dp = (NftablesDataPlane) mode.generate(Hostnames.input(KubeProxyVersion.LATEST));
        assertThat(dp.mode()).isEqualTo("nftables");
        assertThat(dp.notes()).extracting(d -> d.code()).contains("nftables-flavour", "nftables-generation");
        assertThatThrownBy(() -> dp.render("iptables-save")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nftables mode has no format 'iptables-save' (formats: nft, nft-f)");
    }
}
