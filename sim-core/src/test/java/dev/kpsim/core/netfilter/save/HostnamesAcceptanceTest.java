package dev.kpsim.core.netfilter.save;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes.io "Debug Services" example (issue 4's acceptance block): the nat payload kube-proxy 1.2 wrote for
 * default/hostnames, printed as iptables-save would, with the mark text as written.
 */
class HostnamesAcceptanceTest {

    /** kube-proxy 1.2's nat payload for the example (written by hand after pkg/proxy/iptables/proxier.go of v1.2). */
    static RestorePayload payload() {
        List<String> nat = List.of(
                ":KUBE-SERVICES - [0:0]",
                ":KUBE-NODEPORTS - [0:0]",
                ":KUBE-POSTROUTING - [0:0]",
                ":KUBE-SVC-NWV5X2332I4OT4T3 - [0:0]",
                ":KUBE-SEP-WNBA2IHDGP2BOBGZ - [0:0]",
                ":KUBE-SEP-X3P2623AGDH6CDF3 - [0:0]",
                ":KUBE-SEP-57KPRZ3JQVENLNBR - [0:0]",
                "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -m mark --mark 0x00004000/0x00004000 -j MASQUERADE",
                "-A KUBE-SERVICES -m comment --comment \"default/hostnames: cluster IP\" -m tcp -p tcp -d 10.0.1.175/32 --dport 80 -j KUBE-SVC-NWV5X2332I4OT4T3",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -m statistic --mode random --probability 0.33333 -j KUBE-SEP-WNBA2IHDGP2BOBGZ",
                "-A KUBE-SEP-WNBA2IHDGP2BOBGZ -m comment --comment default/hostnames: -s 10.244.1.7/32 -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-WNBA2IHDGP2BOBGZ -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.1.7:9376",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -m statistic --mode random --probability 0.50000 -j KUBE-SEP-X3P2623AGDH6CDF3",
                "-A KUBE-SEP-X3P2623AGDH6CDF3 -m comment --comment default/hostnames: -s 10.244.2.3/32 -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-X3P2623AGDH6CDF3 -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.2.3:9376",
                "-A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment default/hostnames: -j KUBE-SEP-57KPRZ3JQVENLNBR",
                "-A KUBE-SEP-57KPRZ3JQVENLNBR -m comment --comment default/hostnames: -s 10.244.3.6/32 -j MARK --set-xmark 0x00004000/0x00004000",
                "-A KUBE-SEP-57KPRZ3JQVENLNBR -m comment --comment default/hostnames: -m tcp -p tcp -j DNAT --to-destination 10.244.3.6:9376",
                "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
        List<String> filter = List.of(":KUBE-SERVICES - [0:0]");
        return new RestorePayload(IpFamily.IPV4,
                List.of(new RestoreTable("filter", filter.stream().map(RestoreLine::of).toList()),
                        new RestoreTable("nat", nat.stream().map(RestoreLine::of).toList())),
                List.of(new RestorePayload.BuiltinJump("filter", "OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                        new RestorePayload.BuiltinJump("nat", "OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                        new RestorePayload.BuiltinJump("nat", "PREROUTING", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                        new RestorePayload.BuiltinJump("nat", "POSTROUTING", "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING")));
    }

    private static final String EXPECTED = """
            -A KUBE-SEP-57KPRZ3JQVENLNBR -s 10.244.3.6/32 -m comment --comment "default/hostnames:" -j MARK --set-xmark 0x00004000/0x00004000
            -A KUBE-SEP-57KPRZ3JQVENLNBR -p tcp -m comment --comment "default/hostnames:" -m tcp -j DNAT --to-destination 10.244.3.6:9376
            -A KUBE-SEP-WNBA2IHDGP2BOBGZ -s 10.244.1.7/32 -m comment --comment "default/hostnames:" -j MARK --set-xmark 0x00004000/0x00004000
            -A KUBE-SEP-WNBA2IHDGP2BOBGZ -p tcp -m comment --comment "default/hostnames:" -m tcp -j DNAT --to-destination 10.244.1.7:9376
            -A KUBE-SEP-X3P2623AGDH6CDF3 -s 10.244.2.3/32 -m comment --comment "default/hostnames:" -j MARK --set-xmark 0x00004000/0x00004000
            -A KUBE-SEP-X3P2623AGDH6CDF3 -p tcp -m comment --comment "default/hostnames:" -m tcp -j DNAT --to-destination 10.244.2.3:9376
            -A KUBE-SERVICES -d 10.0.1.175/32 -p tcp -m comment --comment "default/hostnames: cluster IP" -m tcp --dport 80 -j KUBE-SVC-NWV5X2332I4OT4T3
            -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment "default/hostnames:" -m statistic --mode random --probability 0.33332999982 -j KUBE-SEP-WNBA2IHDGP2BOBGZ
            -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment "default/hostnames:" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-X3P2623AGDH6CDF3
            -A KUBE-SVC-NWV5X2332I4OT4T3 -m comment --comment "default/hostnames:" -j KUBE-SEP-57KPRZ3JQVENLNBR
            """;

    private static String grep(String text, String word) {
        return Arrays.stream(text.split("\n")).filter(l -> l.contains(word)).map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void asWrittenMarkStyleReproducesTheDocumentedListingByteForByte() {
        ParseResult parsed = IptablesParser.parsePayload(payload(), "hostnames-1.2.restore");
        String save = SavePrinter.print(parsed.ruleset(), SaveOptions.DEFAULT.withMarkStyle(MarkStyle.AS_WRITTEN));
        assertThat(grep(save, "hostnames")).isEqualTo(EXPECTED);
    }

    @Test
    void kernelMarkStyleIsWhatARealIptablesSavePrints() {
        ParseResult parsed = IptablesParser.parsePayload(payload(), "hostnames-1.2.restore");
        String save = SavePrinter.print(parsed.ruleset());
        assertThat(grep(save, "hostnames")).isEqualTo(EXPECTED.replace("0x00004000/0x00004000", "0x4000/0x4000"));
        assertThat(grep(save, "KUBE-POSTROUTING")).isEqualTo("""
                :KUBE-POSTROUTING - [0:0]
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -m mark --mark 0x4000/0x4000 -j MASQUERADE
                """);
    }

    @Test
    void theWholeNatTableIsListedBuiltinsFirstThenUserChainsSorted() {
        String save = SavePrinter.print(IptablesParser.parsePayload(payload(), "p").ruleset());
        String nat = save.substring(save.indexOf("*nat"));
        assertThat(nat.lines().takeWhile(l -> l.startsWith(":") || l.startsWith("*")).toList()).containsExactly(
                "*nat",
                ":PREROUTING ACCEPT [0:0]",
                ":INPUT ACCEPT [0:0]",
                ":OUTPUT ACCEPT [0:0]",
                ":POSTROUTING ACCEPT [0:0]",
                ":KUBE-NODEPORTS - [0:0]",
                ":KUBE-POSTROUTING - [0:0]",
                ":KUBE-SEP-57KPRZ3JQVENLNBR - [0:0]",
                ":KUBE-SEP-WNBA2IHDGP2BOBGZ - [0:0]",
                ":KUBE-SEP-X3P2623AGDH6CDF3 - [0:0]",
                ":KUBE-SERVICES - [0:0]",
                ":KUBE-SVC-NWV5X2332I4OT4T3 - [0:0]");
    }
}
