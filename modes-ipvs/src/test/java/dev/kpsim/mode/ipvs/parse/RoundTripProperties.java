package dev.kpsim.mode.ipvs.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.format.IpsetPrinter;
import dev.kpsim.mode.ipvs.format.IpvsadmListPrinter;
import dev.kpsim.mode.ipvs.format.IpvsadmSavePrinter;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetEntry;
import dev.kpsim.mode.ipvs.ipset.IpSetType;
import dev.kpsim.mode.ipvs.model.ForwardMethod;
import dev.kpsim.mode.ipvs.model.Frontend;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** print → parse → print is the identity for {@code ipvsadm -Sn}, {@code ipvsadm -Ln} and {@code ipset save}. */
class RoundTripProperties {

    @Provide
    Arbitrary<IpvsTable> tables() {
        // ipvsadm compares addresses by 32-bit wrapped subtraction, which is no total order over the whole space
        // (its output then depends on the kernel's list order); node-like address ranges keep it consistent.
        Arbitrary<IpAddress> v4 = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 0xFFFFFF).map(i -> IpAddress.v4(0x0A000000 | i)),
                Arbitraries.integers().between(0, 0xFFFF).map(i -> IpAddress.v4(0xC0A80000 | i)),
                Arbitraries.integers().between(0, 0xFFFFF).map(i -> IpAddress.v4(0xAC100000 | i)));
        Arbitrary<IpAddress> v6 = Arbitraries.longs().between(0, 0xFFFFFFL).map(l -> new IpAddress(IpFamily.IPV6, 0xfd00_0000_0000_0000L, l));
        Arbitrary<IpAddress> addr = Arbitraries.oneOf(v4, v4, v6);
        Arbitrary<String> sched = Arbitraries.of("rr", "wrr", "lc", "wlc", "sh", "mh", "sed");
        Arbitrary<RealServer> rs = Combinators.combine(addr, Arbitraries.integers().between(1, 65535),
                Arbitraries.of(ForwardMethod.MASQ, ForwardMethod.ROUTE, ForwardMethod.TUNNEL), Arbitraries.integers().between(0, 100))
                .as((a, p, f, w) -> new RealServer(a, p, f, w, 0, 0, null));
        Arbitrary<VirtualServer> vs = Combinators.combine(addr, Arbitraries.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP),
                Arbitraries.integers().between(1, 65535), sched, Arbitraries.of(0, ServiceFlags.PERSISTENT,
                        ServiceFlags.SCHED2, ServiceFlags.PERSISTENT | ServiceFlags.SCHED1), Arbitraries.integers().between(1, 86400),
                rs.list().ofMaxSize(4))
                .as((a, pr, port, s, flags, t, dests) -> {
                    List<RealServer> unique = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (RealServer r : dests) {
                        RealServer fixed = r.forward() == ForwardMethod.MASQ ? r : new RealServer(r.address(), port, r.forward(),
                                r.weight(), 0, 0, null);
                        if (fixed.address().family() == a.family() && seen.add(fixed.name())) {
                            unique.add(fixed);
                        }
                    }
                    int f = flags;
                    if (!s.equals("sh") && !s.equals("mh")) {
                        f &= ~ServiceFlags.SCHED_MASK;
                    }
                    return new VirtualServer(pr, a, port, 0, a.family(), s, f, (f & ServiceFlags.PERSISTENT) != 0 ? t : 0,
                            VirtualServer.fullNetmask(a.family()), "", unique, Frontend.UNKNOWN, null);
                });
        return vs.list().ofMaxSize(6).uniqueElements(VirtualServer::key).map(IpvsTable::of);
    }

    @Property(tries = 150)
    void ipvsadmSaveRoundTrips(@ForAll("tables") IpvsTable t) {
        String once = IpvsadmSavePrinter.print(t);
        ParseResult<IpvsTable> r = IpvsadmSaveParser.parse("dump", once);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(IpvsadmSavePrinter.print(r.value())).isEqualTo(once);
    }

    @Property(tries = 150)
    void ipvsadmListRoundTrips(@ForAll("tables") IpvsTable t) {
        String once = IpvsadmListPrinter.print(t);
        ParseResult<IpvsTable> r = IpvsadmListParser.parse("dump", once);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(IpvsadmListPrinter.print(r.value())).isEqualTo(once);
    }

    @Provide
    Arbitrary<List<IpSet>> setLists() {
        Arbitrary<IpAddress> v4 = Arbitraries.integers().map(IpAddress::v4);
        Arbitrary<IpSet> hashIpPort = Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(20),
                Combinators.combine(v4, Arbitraries.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP), Arbitraries.integers().between(0, 65535))
                        .as((a, p, port) -> IpSetEntry.hashIpPort(a, p, port).text()).set().ofMaxSize(5))
                .as((n, m) -> new IpSet("KUBE-" + n, IpSetType.HASH_IP_PORT,
                        IpSet.kubeProxyCreateOptions(IpSetType.HASH_IP_PORT, IpFamily.IPV4, 0xabcdefL), new ArrayList<>(m), null, 0));
        Arbitrary<IpSet> bitmap = Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(20),
                Arbitraries.integers().between(0, 65535).map(String::valueOf).set().ofMaxSize(5))
                .as((n, m) -> new IpSet("KUBE-NP-" + n, IpSetType.BITMAP_PORT,
                        IpSet.kubeProxyCreateOptions(IpSetType.BITMAP_PORT, IpFamily.IPV4, 0), new ArrayList<>(m), null, 0));
        return Arbitraries.oneOf(hashIpPort, bitmap).list().ofMaxSize(5).uniqueElements(IpSet::name);
    }

    @Property(tries = 150)
    void ipsetSaveRoundTrips(@ForAll("setLists") List<IpSet> sets) {
        String once = IpsetPrinter.save(sets);
        ParseResult<List<IpSet>> r = IpsetSaveParser.parse("dump", once);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(IpsetPrinter.save(r.value())).isEqualTo(once);
    }
}
