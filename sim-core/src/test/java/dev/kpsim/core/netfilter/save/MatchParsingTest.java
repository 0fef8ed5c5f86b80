package dev.kpsim.core.netfilter.save;

import static dev.kpsim.core.netfilter.save.Rules.rule;
import static dev.kpsim.core.netfilter.save.Rules.save;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every modelled match: what it parses into, and what iptables-save prints for it. */
class MatchParsingTest {

    @Test
    void addressesGetHostMasksAreMaskedAndPrintInCanonicalOrder() {
        Rule r = rule("filter", "-d 10.244.1.5/16 -s 10.0.0.1 -j ACCEPT");
        assertThat(r.matches()).containsExactly(
                new AddressMatch(Side.SOURCE, Cidr.parse("10.0.0.1/32"), false),
                new AddressMatch(Side.DESTINATION, Cidr.parse("10.244.0.0/16"), false));
        assertThat(save("-d 10.244.1.5/16 -s 10.0.0.1 -j ACCEPT")).isEqualTo("-s 10.0.0.1/32 -d 10.244.0.0/16 -j ACCEPT");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "! -s 10.0.0.0/8 -j RETURN      | ! -s 10.0.0.0/8 -j RETURN",
        "-s ! 10.0.0.0/8 -j RETURN      | ! -s 10.0.0.0/8 -j RETURN",
        "-s 0/0 -d 10/8 -j RETURN       | -d 10.0.0.0/8 -j RETURN",
        "! -s 0.0.0.0/0 -j RETURN       | ! -s 0.0.0.0/0 -j RETURN",
        "-d 10.1.0.0/255.255.0.0 -j DROP | -d 10.1.0.0/16 -j DROP",
        "--source 1.2.3.4 --dst 5.6.7.8  | -s 1.2.3.4/32 -d 5.6.7.8/32",
        "-o cni0 ! -i eth+ -j ACCEPT     | ! -i eth+ -o cni0 -j ACCEPT",
        "-i + -j ACCEPT                  | -j ACCEPT",
        "-p TCP -j ACCEPT                | -p tcp -j ACCEPT",
        "-p 17 -j ACCEPT                 | -p udp -j ACCEPT",
        "-p all -j ACCEPT                | -j ACCEPT",
        "! -p icmp -j ACCEPT             | ! -p icmp -j ACCEPT",
        "-p gre -j ACCEPT                | -p 47 -j ACCEPT",
        "-f -j DROP                      | -f -j DROP",
    })
    void baseMatchesPrintAsIptablesSaveDoes(String written, String saved) {
        assertThat(save(written)).isEqualTo(saved);
    }

    @Test
    void interfaceAndProtocolMatchesKeepWhatWasWritten() {
        Rule r = rule("filter", "! -i eth+ -p TCP -j ACCEPT");
        assertThat(r.matches()).containsExactly(new InterfaceMatch(true, "eth+", true), new ProtocolMatch("tcp", false));
        assertThat(save(IpFamily.IPV6, "filter", "-p ipv6-icmp -s fd00::1 -j ACCEPT"))
                .isEqualTo("-s fd00::1/128 -p icmpv6 -j ACCEPT");
    }

    @Test
    void anAddressListBecomesOneKernelEntryPerPair() {
        var chain = Rules.parse(IpFamily.IPV4, "filter", "-s 10.0.0.1,10.0.0.2 -d 10.1.0.0/16 -j DROP")
                .chain("filter", "X").orElseThrow();
        assertThat(chain.rules()).hasSize(2);
        assertThat(chain.rules()).allSatisfy(r -> assertThat(r.writtenText()).isNull());
        assertThat(chain.rules()).extracting(r -> KernelCanonicalizer.ruleArgs(r, IpFamily.IPV4, MarkStyle.KERNEL))
                .containsExactly("-s 10.0.0.1/32 -d 10.1.0.0/16 -j DROP", "-s 10.0.0.2/32 -d 10.1.0.0/16 -j DROP");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-m tcp -p tcp --dport 80 -j ACCEPT                    | -p tcp -m tcp --dport 80 -j ACCEPT",
        "-p tcp --dport 80 -j ACCEPT                           | -p tcp -m tcp --dport 80 -j ACCEPT",
        "-p tcp --destination-port=8080 -j ACCEPT              | -p tcp -m tcp --dport 8080 -j ACCEPT",
        "-p udp --sport 1000:2000 ! --dport 53                 | -p udp -m udp --sport 1000:2000 ! --dport 53",
        "-p udp -m udp --dport ! 53                            | -p udp -m udp ! --dport 53",
        "-p tcp -m tcp --dport :1024                           | -p tcp -m tcp --dport 0:1024",
        "-p tcp -m tcp --sport 32768:                          | -p tcp -m tcp --sport 32768:65535",
        "-p tcp -m tcp --dport 0:65535                         | -p tcp -m tcp",
        "-p sctp -m sctp --dport 3868                          | -p sctp -m sctp --dport 3868",
        "-p tcp -m tcp --syn --dport 22                        | -p tcp -m tcp --dport 22 --syn",
        "-p tcp -m comment --comment x --dport 22 -m tcp       | -p tcp -m comment --comment x -m tcp --dport 22 -m tcp",
    })
    // The last case mirrors iptables: --dport loads the implicit tcp match, and a later explicit -m tcp adds a second
    // instance of it (xtables_find_match clones an already loaded match).
    void tcpUdpSctpPorts(String written, String saved) {
        assertThat(save(written)).isEqualTo(saved);
    }

    @Test
    void portMatchModel() {
        Rule r = rule("filter", "-p udp --sport 1000:2000 ! --dport 53");
        assertThat(r.matches().get(1)).isEqualTo(new PortMatch("udp", new PortRange(1000, 2000, false),
                new PortRange(53, 53, true), List.of()));
        Rule syn = rule("filter", "-p tcp -m tcp ! --syn");
        assertThat(((PortMatch) syn.matches().get(1)).unmodeled()).containsExactly("!", "--syn");
    }

    @Test
    void multiport() {
        assertThat(save("-p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT"))
                .isEqualTo("-p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT");
        assertThat(save("-p udp -m multiport ! --source-ports 53,67")).isEqualTo("-p udp -m multiport ! --sports 53,67");
        assertThat(save("-p tcp -m multiport --ports 22")).isEqualTo("-p tcp -m multiport --ports 22");
        assertThat(rule("filter", "-p tcp -m multiport --dports 80,8000:8080").matches().get(1)).isEqualTo(
                new MultiportMatch(Side.DESTINATION, List.of(PortRange.single(80), new PortRange(8000, 8080, false)), false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "-m comment --comment kubernetes                   | -m comment --comment kubernetes",
        "-m comment --comment default/hostnames:           | -m comment --comment \"default/hostnames:\"",
        "-m comment --comment \"ns/svc:p cluster IP\"        | -m comment --comment \"ns/svc:p cluster IP\"",
        "-m comment --comment \"a \\\"quoted\\\" 'b' c\\\\d\"     | -m comment --comment \"a \\\"quoted\\\" \\'b\\' c\\\\d\"",
        "-m comment --comment \"\"                           | -m comment --comment \"\"",
    })
    void commentsAreQuotedAsXtablesSaveStringDoes(String written, String saved) {
        assertThat(save(written)).isEqualTo(saved);
    }

    @Test
    void commentModel() {
        assertThat(rule("filter", "-m comment --comment \"a \\\"b\\\"\"").matches())
                .containsExactly(new CommentMatch("a \"b\""));
        assertThat(rule("filter", "-m comment --comment \"x\"").comment()).contains("x");
    }

    @Test
    void statistic() {
        Rule r = rule("nat", "-m statistic --mode random --probability 0.33333 -j Y");
        assertThat(r.matches()).containsExactly(RandomMatch.of("0.33333", false));
        assertThat(((RandomMatch) r.matches().get(0)).kernelValue()).isEqualTo(715820724L);
        assertThat(save(IpFamily.IPV4, "nat", "-m statistic --mode random --probability 0.3333333333 -j Y"))
                .isEqualTo("-m statistic --mode random --probability 0.33333333349 -j Y");
        assertThat(save("-m statistic --probability 0.2 --mode random"))
                .isEqualTo("-m statistic --mode random --probability 0.20000000019");
        assertThat(save("-m statistic --mode random ! --probability 0.5"))
                .isEqualTo("-m statistic --mode random ! --probability 0.50000000000");
        assertThat(rule("filter", "-m statistic --mode nth --every 3 --packet 1").matches())
                .containsExactly(new NthMatch(3, 1, false));
        assertThat(save("-m statistic --mode nth --every 3 --packet 1")).isEqualTo("-m statistic --mode nth --every 3 --packet 1");
        assertThat(save("-m statistic --mode nth ! --every 2 --packet 0")).isEqualTo("-m statistic --mode nth ! --every 2");
    }

    @Test
    void markMatch() {
        assertThat(rule("filter", "-m mark ! --mark 0x4000/0x4000").matches())
                .containsExactly(new MarkMatch(0x4000, 0x4000, true));
        assertThat(save("-m mark --mark 0x00004000/0x00004000 -j ACCEPT")).isEqualTo("-m mark --mark 0x4000/0x4000 -j ACCEPT");
        assertThat(save("-m mark --mark 16384")).isEqualTo("-m mark --mark 0x4000");
        assertThat(save("-m mark --mark 0/0xffffffff")).isEqualTo("-m mark --mark 0x0");
    }

    @Test
    void conntrack() {
        Rule r = rule("filter", "-m conntrack --ctorigdstport 53 --ctorigdst 10.96.0.10 ! --ctstate established,related,NEW");
        assertThat(r.matches()).containsExactly(new ConntrackMatch(Set.of(CtState.NEW, CtState.RELATED, CtState.ESTABLISHED),
                true, Cidr.parse("10.96.0.10/32"), false, PortRange.single(53), List.of()));
        assertThat(save("-m conntrack --ctorigdstport 53 --ctorigdst 10.96.0.10 ! --ctstate established,related,NEW"))
                .isEqualTo("-m conntrack ! --ctstate NEW,RELATED,ESTABLISHED --ctorigdst 10.96.0.10 --ctorigdstport 53");
        assertThat(save("-m conntrack --ctdir REPLY --ctstate DNAT,SNAT,UNTRACKED,INVALID --ctorigdst 10.0.0.0/8 ! --ctstatus ASSURED"))
                .isEqualTo("-m conntrack --ctstate INVALID,UNTRACKED,SNAT,DNAT --ctorigdst 10.0.0.0/8 ! --ctstatus ASSURED --ctdir REPLY");
        assertThat(save(IpFamily.IPV6, "filter", "-m conntrack --ctorigdst fd00::a --ctstate EST"))
                .isEqualTo("-m conntrack --ctstate ESTABLISHED --ctorigdst fd00::a");
    }

    @Test
    void state() {
        assertThat(rule("filter", "-m state --state established,related -j ACCEPT").matches())
                .containsExactly(new StateMatch(Set.of(CtState.ESTABLISHED, CtState.RELATED), false));
        assertThat(save("-m state ! --state ESTABLISHED,NEW,INVALID -j DROP")).isEqualTo("-m state ! --state INVALID,NEW,ESTABLISHED -j DROP");
    }

    @Test
    void addrtype() {
        assertThat(rule("nat", "-m addrtype --dst-type local --limit-iface-in -j Y").matches())
                .containsExactly(new AddrtypeMatch(null, false, "LOCAL", false, true, false));
        assertThat(save("-m addrtype ! --src-type LOCAL,unicast --limit-iface-out -m addrtype --dst-type LOCAL"))
                .isEqualTo("-m addrtype ! --src-type UNICAST,LOCAL --limit-iface-out -m addrtype --dst-type LOCAL");
    }

    @Test
    void recentPrintsItsDefaultsInLibxtRecentOrder() {
        Rule r = rule("nat", "-m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap -j Y");
        assertThat(r.matches()).containsExactly(new RecentMatch(RecentMatch.Mode.RCHECK, "KUBE-SEP-X", 10800, true, null,
                false, "255.255.255.255", true, false));
        assertThat(save(IpFamily.IPV4, "nat", "-m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap -j Y"))
                .isEqualTo("-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j Y");
        assertThat(save("-m recent --set")).isEqualTo("-m recent --set --name DEFAULT --mask 255.255.255.255 --rsource");
        assertThat(save("-m recent ! --update --rdest --hitcount 3 --rttl --mask 255.255.0.0 --name a --seconds 60"))
                .isEqualTo("-m recent ! --update --seconds 60 --hitcount 3 --rttl --name a --mask 255.255.0.0 --rdest");
        assertThat(save(IpFamily.IPV6, "filter", "-m recent --remove --name b"))
                .isEqualTo("-m recent --remove --name b --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff --rsource");
    }

    @Test
    void ipset() {
        assertThat(rule("nat", "-m set --match-set KUBE-CLUSTER-IP dst,dst -j Y").matches())
                .containsExactly(new SetMatch("KUBE-CLUSTER-IP", List.of(Side.DESTINATION, Side.DESTINATION), false, List.of()));
        assertThat(save("-m set ! --match-set KUBE-LOOP-BACK dst,dst,src")).isEqualTo("-m set ! --match-set KUBE-LOOP-BACK dst,dst,src");
        assertThat(save("-m set --packets-gt 5 ! --update-counters --update-subcounters --return-nomatch --match-set s src"))
                .isEqualTo("-m set --match-set s src --return-nomatch ! --update-counters --packets-gt 5");
    }

    @Test
    void physdev() {
        assertThat(rule("filter", "-m physdev --physdev-is-bridged ! --physdev-out veth0").matches())
                .containsExactly(new PhysdevMatch(null, false, "veth0", true, null, null, true));
        assertThat(save("-m physdev --physdev-is-bridged ! --physdev-out veth0 --physdev-in br+ ! --physdev-is-in --physdev-is-out"))
                .isEqualTo("-m physdev ! --physdev-is-in --physdev-in br+ --physdev-is-out ! --physdev-out veth0 --physdev-is-bridged");
    }

    @Test
    void nfacct() {
        assertThat(rule("filter", "-m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP")
                .matches().get(1)).isEqualTo(new NfacctMatch("ct_state_invalid_dropped_pkts"));
        // iptables 1.8.9 prints two spaces before the name (observed with iptables-save on both backends).
        assertThat(save("-m nfacct --nfacct-name localhost_nps_accepted_pkts -j ACCEPT"))
                .isEqualTo("-m nfacct --nfacct-name  localhost_nps_accepted_pkts -j ACCEPT");
    }

    @Test
    void unknownModulesAreKeptVerbatim() {
        Rule r = rule("filter", "-m limit --limit 5/min --limit-burst 10 ! --foo -j LOG");
        assertThat(r.matches()).containsExactly(new UnknownMatch("limit", List.of("--limit", "5/min", "--limit-burst", "10", "!", "--foo")));
        assertThat(save("-m limit --limit 5/min --limit-burst 10 ! --foo -j LOG"))
                .isEqualTo("-m limit --limit 5/min --limit-burst 10 ! --foo -j LOG");
        assertThat(save("-p icmp --icmp-type echo-request -j ACCEPT")).isEqualTo("-p icmp -m icmp --icmp-type echo-request -j ACCEPT");
        assertThat(save("-m string --string \"GET /\" --algo bm")).isEqualTo("-m string --string \"GET /\" --algo bm");
    }

    @Test
    void matchesComeOutBaseFirstThenModulesInWrittenOrder() {
        Rule r = rule("nat", "-m comment --comment c -m tcp -p tcp -d 10.0.0.1 --dport 80 -j Y");
        assertThat(r.matches()).extracting(m -> m.getClass().getSimpleName())
                .containsExactly("AddressMatch", "ProtocolMatch", "CommentMatch", "PortMatch");
        assertThat(r.writtenText()).isEqualTo("-m comment --comment c -m tcp -p tcp -d 10.0.0.1 --dport 80 -j Y");
    }
}
