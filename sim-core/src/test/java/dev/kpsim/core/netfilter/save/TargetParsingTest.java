package dev.kpsim.core.netfilter.save;

import static dev.kpsim.core.netfilter.save.Rules.rule;
import static dev.kpsim.core.netfilter.save.Rules.save;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every modelled target: what it parses into, and what iptables-save prints for it. */
class TargetParsingTest {

    @Test
    void verdictsJumpsAndGotos() {
        assertThat(rule("filter", "-j ACCEPT").target()).isEqualTo(StandardTarget.ACCEPT);
        assertThat(rule("filter", "-j DROP").target()).isEqualTo(StandardTarget.DROP);
        assertThat(rule("filter", "--jump RETURN").target()).isEqualTo(StandardTarget.RETURN);
        assertThat(rule("filter", "-j Y").target()).isEqualTo(new JumpTarget("Y", false));
        assertThat(rule("filter", "-g Y").target()).isEqualTo(new JumpTarget("Y", true));
        assertThat(save("--goto Y")).isEqualTo("-g Y");
        assertThat(rule("filter", "-m comment --comment \"counts only\"").target()).isEqualTo(NoTarget.INSTANCE);
        assertThat(save("-m comment --comment \"counts only\"")).isEqualTo("-m comment --comment \"counts only\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-j REJECT                                  | -j REJECT --reject-with icmp-port-unreachable",
        "-j REJECT --reject-with tcp-rst            | -j REJECT --reject-with tcp-reset",
        "-j REJECT --reject-with icmp-host          | -j REJECT --reject-with icmp-host-unreachable",
        "-j REJECT --reject-with ICMP-HOST-PROHIBITED | -j REJECT --reject-with icmp-host-prohibited",
    })
    void reject(String written, String saved) {
        assertThat(save(written)).isEqualTo(saved);
    }

    @Test
    void rejectModelAndIpv6Types() {
        assertThat(rule("filter", "-j REJECT").target()).isEqualTo(new RejectTarget(null));
        assertThat(rule("filter", "-j REJECT --reject-with tcp-rst").target()).isEqualTo(new RejectTarget("tcp-reset"));
        assertThat(save(IpFamily.IPV6, "filter", "-j REJECT")).isEqualTo("-j REJECT --reject-with icmp6-port-unreachable");
        assertThat(save(IpFamily.IPV6, "filter", "-j REJECT --reject-with adm-prohibited"))
                .isEqualTo("-j REJECT --reject-with icmp6-adm-prohibited");
    }

    @Test
    void dnatAndSnat() {
        Rule r = rule("nat", "-m tcp -p tcp -j DNAT --to-destination 10.244.1.7:9376");
        assertThat(r.target()).isEqualTo(new DnatTarget(NatRange.of(IpAddress.parse("10.244.1.7"), 9376), false, false));
        assertThat(save(IpFamily.IPV4, "nat", "-p tcp -j DNAT --persistent --to-destination 10.0.0.1-10.0.0.5:80-90 --random"))
                .isEqualTo("-p tcp -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90 --random --persistent");
        assertThat(save(IpFamily.IPV4, "nat", "-p udp -j DNAT --to-destination :5353")).isEqualTo("-p udp -j DNAT --to-destination :5353");
        assertThat(save(IpFamily.IPV4, "nat", "-j DNAT --to-destination 10.0.0.1")).isEqualTo("-j DNAT --to-destination 10.0.0.1");
        assertThat(save(IpFamily.IPV6, "nat", "-p tcp -j DNAT --to-destination [fd00:10:244:1::5]:53"))
                .isEqualTo("-p tcp -j DNAT --to-destination [fd00:10:244:1::5]:53");
        assertThat(save(IpFamily.IPV6, "nat", "-j DNAT --to-destination fd00::5")).isEqualTo("-j DNAT --to-destination fd00::5");
        assertThat(rule("nat", "-j SNAT --to-source 192.168.1.1 --random-fully").target())
                .isEqualTo(new SnatTarget(NatRange.of(IpAddress.parse("192.168.1.1"), 0), false, true, false));
        assertThat(save(IpFamily.IPV4, "nat", "-j SNAT --random-fully --persistent --random --to-source 192.168.1.1"))
                .isEqualTo("-j SNAT --to-source 192.168.1.1 --random --random-fully --persistent");
    }

    @Test
    void masqueradeAndRedirect() {
        assertThat(rule("nat", "-j MASQUERADE --random-fully").target()).isEqualTo(new MasqueradeTarget(null, false, true));
        assertThat(save(IpFamily.IPV4, "nat", "-p tcp -j MASQUERADE --random-fully --to-ports 1000-2000 --random"))
                .isEqualTo("-p tcp -j MASQUERADE --to-ports 1000-2000 --random --random-fully");
        assertThat(rule("nat", "-p tcp -j REDIRECT --to-ports 41000").target()).isEqualTo(new RedirectTarget("41000", false));
        assertThat(save(IpFamily.IPV4, "nat", "-p tcp -j REDIRECT --to-ports 41000")).isEqualTo("-p tcp -j REDIRECT --to-ports 41000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-j MARK --or-mark 0x4000                        | -j MARK --set-xmark 0x4000/0x4000",
        "-j MARK --xor-mark 0x4000                       | -j MARK --set-xmark 0x4000/0x0",
        "-j MARK --set-mark 0x4000                       | -j MARK --set-xmark 0x4000/0xffffffff",
        "-j MARK --set-mark 0x1/0xf0                     | -j MARK --set-xmark 0x1/0xf1",
        "-j MARK --and-mark 0xffff00ff                   | -j MARK --set-xmark 0x0/0xff00",
        "-j MARK --set-xmark 0x00004000/0x00004000       | -j MARK --set-xmark 0x4000/0x4000",
        "-j MARK --set-xmark 0x4d415351/0xffffffff       | -j MARK --set-xmark 0x4d415351/0xffffffff",
        "-j MARK --set-xmark 16384                       | -j MARK --set-xmark 0x4000/0xffffffff",
    })
    void markTargetPrintsTheKernelsXmarkPair(String written, String saved) {
        assertThat(save(IpFamily.IPV4, "nat", written)).isEqualTo(saved);
    }

    @Test
    void markTargetKeepsWhatWasWritten() {
        assertThat(rule("nat", "-j MARK --or-mark 0x4000").target())
                .isEqualTo(new MarkTarget(MarkTarget.Op.OR_MARK, 0x4000, 0xFFFFFFFFL, "0x4000"));
        Rule x = rule("nat", "-j MARK --set-xmark 0x00004000/0x00004000");
        assertThat(x.target()).isEqualTo(new MarkTarget(MarkTarget.Op.SET_XMARK, 0x4000, 0x4000, "0x00004000/0x00004000"));
        assertThat(KernelCanonicalizer.ruleArgs(x, IpFamily.IPV4, MarkStyle.AS_WRITTEN))
                .isEqualTo("-j MARK --set-xmark 0x00004000/0x00004000");
        assertThat(KernelCanonicalizer.ruleArgs(rule("nat", "-j MARK --or-mark 0x00004000"), IpFamily.IPV4, MarkStyle.AS_WRITTEN))
                .isEqualTo("-j MARK --set-xmark 0x4000/0x4000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-j CONNMARK --set-mark 0x1/0xff           | -j CONNMARK --set-xmark 0x1/0xff",
        "-j CONNMARK --or-mark 0x4                 | -j CONNMARK --set-xmark 0x4/0x4",
        "-j CONNMARK --save-mark                   | -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
        "-j CONNMARK --restore-mark --mask 0xff    | -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff",
        "-j CONNMARK --save-mark --ctmask 0xf0     | -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xf0",
    })
    void connmark(String written, String saved) {
        assertThat(save(IpFamily.IPV4, "mangle", written)).isEqualTo(saved);
    }

    @Test
    void connmarkModel() {
        assertThat(rule("mangle", "-j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xff").target())
                .isEqualTo(new ConnmarkTarget(ConnmarkTarget.Op.RESTORE_MARK, 0xf, 0xff,
                        List.of("--restore-mark", "--nfmask", "0xf", "--ctmask", "0xff")));
    }

    @Test
    void observingTargetsContinueAndKeepTheirOptions() {
        assertThat(rule("filter", "-j LOG --log-prefix \"drop: \" --log-level 5").target())
                .isEqualTo(new ContinueTarget("LOG", List.of("--log-prefix", "drop: ", "--log-level", "5")));
        assertThat(save("-j LOG --log-prefix \"drop: \" --log-level 5")).isEqualTo("-j LOG --log-prefix \"drop: \" --log-level 5");
        assertThat(save("-j NFLOG --nflog-group 2 --nflog-prefix kp")).isEqualTo("-j NFLOG --nflog-group 2 --nflog-prefix kp");
        assertThat(Rules.rule("raw", "-p tcp -j TRACE").target()).isEqualTo(new ContinueTarget("TRACE", List.of()));
    }

    @Test
    void unmodelledTargetsAreKeptVerbatimAndReportedOnce() {
        String text = "*raw\n:X - [0:0]\n-A X -p udp -j CT --notrack\n-A X -p udp -j CT --notrack\n"
                + "-A X -j NOTRACK\n-A X -p tcp -j SOMETHING --opt 1\nCOMMIT\n";
        ParseResult r = IptablesParser.parseDump(text, "raw.txt");
        var rules = r.ruleset().chain("raw", "X").orElseThrow().rules();
        assertThat(rules.get(0).target()).isEqualTo(new UnknownTarget("CT", List.of("--notrack")));
        assertThat(rules.get(2).target()).isEqualTo(new UnknownTarget("NOTRACK", List.of()));
        assertThat(rules.get(3).target()).isEqualTo(new UnknownTarget("SOMETHING", List.of("--opt", "1")));
        assertThat(r.diagnostics(Severity.UNSUPPORTED)).extracting(d -> d.format()).containsExactly(
                "raw.txt:3:16: unsupported: target 'CT' is not modelled; its rules are kept verbatim and evaluated conservatively",
                "raw.txt:5:9: unsupported: target 'NOTRACK' is not modelled; its rules are kept verbatim and evaluated conservatively",
                "raw.txt:6:16: unsupported: target 'SOMETHING' is not modelled; its rules are kept verbatim and evaluated conservatively");
        assertThat(RestorePrinter.print(r.ruleset())).contains("-A X -p tcp -j SOMETHING --opt 1\n");
    }

    @Test
    void countersGivenWithDashCOrAsPrefix() {
        String text = "*filter\n:INPUT ACCEPT [5:300]\n:X - [0:0]\n[7:420] -A X -j ACCEPT\n-A X -c 3 180 -j DROP\nCOMMIT\n";
        var ruleset = IptablesParser.parseDump(text, "c.txt").ruleset();
        var rules = ruleset.chain("filter", "X").orElseThrow().rules();
        assertThat(rules).extracting(Rule::counters).containsExactly(new Counters(7, 420), new Counters(3, 180));
        assertThat(ruleset.chain("filter", "INPUT").orElseThrow().policyCounters()).isEqualTo(new Counters(5, 300));
        assertThat(RestorePrinter.print(ruleset)).isEqualTo(text);
        assertThat(SavePrinter.print(ruleset, SaveOptions.DEFAULT.withCounters(true))).isEqualTo(
                "*filter\n:INPUT ACCEPT [5:300]\n:X - [0:0]\n[7:420] -A X -j ACCEPT\n[3:180] -A X -j DROP\nCOMMIT\n");
    }
}
