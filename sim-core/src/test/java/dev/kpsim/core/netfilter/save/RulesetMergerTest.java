package dev.kpsim.core.netfilter.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code iptables-restore --noflush} on top of a node's rules, kube-proxy's jump rules, and the other restore commands. */
class RulesetMergerTest {

    /** A node before kube-proxy: Docker's nat rules and an old kube-proxy chain that has gone stale. */
    private static final String DOCKER_NODE = """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :DOCKER - [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-OLD - [0:0]
            -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
            -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
            -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
            -A DOCKER -i docker0 -j RETURN
            -A KUBE-SERVICES -d 10.96.0.99/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-OLD
            -A KUBE-SVC-OLD -j RETURN
            COMMIT
            """;

    private static RestorePayload payload() {
        Provenance p = Provenance.ofService("default/web:http", "cluster-ip");
        return new RestorePayload(IpFamily.IPV4, List.of(new RestoreTable("nat", List.of(
                RestoreLine.of(":KUBE-SERVICES - [0:0]"),
                RestoreLine.of(":KUBE-SVC-OLD - [0:0]"),
                RestoreLine.of(":KUBE-POSTROUTING - [0:0]"),
                new RestoreLine("-A KUBE-SERVICES -m comment --comment \"default/web:http cluster IP\" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j RETURN", p),
                RestoreLine.of("-X KUBE-SVC-OLD")))),
                List.of(new RestorePayload.BuiltinJump("nat", "PREROUTING", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                        new RestorePayload.BuiltinJump("nat", "OUTPUT", "-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"),
                        new RestorePayload.BuiltinJump("nat", "POSTROUTING", "-m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING")));
    }

    @Test
    void noflushKeepsForeignChainsFlushesDeclaredOnesAndPrependsMissingJumps() {
        Ruleset base = IptablesParser.parseDump(DOCKER_NODE, "node.txt").ruleset();
        ParseResult merged = RulesetMerger.merge(base, payload(), "kube-proxy.restore");
        assertThat(merged.diagnostics()).isEmpty();
        assertThat(SavePrinter.print(merged.ruleset())).isEqualTo("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :DOCKER - [0:0]
                :KUBE-POSTROUTING - [0:0]
                :KUBE-SERVICES - [0:0]
                -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
                -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
                -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
                -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
                -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
                -A DOCKER -i docker0 -j RETURN
                -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j RETURN
                COMMIT
                """);
        Rule svc = merged.ruleset().chain("nat", "KUBE-SERVICES").orElseThrow().rules().get(0);
        assertThat(svc.provenance()).isEqualTo(Provenance.ofService("default/web:http", "cluster-ip"));
        assertThat(svc.location().toString()).isEqualTo("kube-proxy.restore:5:1");
        Rule jump = merged.ruleset().chain("nat", "OUTPUT").orElseThrow().rules().get(0);
        assertThat(jump.provenance()).isEqualTo(Provenance.fixed("jump"));
        assertThat(jump.location().toString()).isEqualTo("kube-proxy.restore#jumps:2:1");
        assertThat(base.chain("nat", "KUBE-SVC-OLD")).isPresent();
    }

    @Test
    void aFreshPayloadGetsEveryBuiltinChainOfItsTables() {
        ParseResult r = IptablesParser.parsePayload(payload(), "p");
        assertThat(r.ruleset().table("nat").orElseThrow().chains()).extracting(Chain::name)
                .startsWith("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
        assertThat(r.ruleset().table("filter")).isEmpty();
    }

    @Test
    void restoreWithoutNoflushEmptiesTheTableFirst() {
        Ruleset base = IptablesParser.parseDump(DOCKER_NODE, "node.txt").ruleset();
        Ruleset r = RulesetMerger.apply(base, "*nat\n:POSTROUTING DROP [0:0]\n:X - [0:0]\n-A X -j RETURN\nCOMMIT\n", "in", false).ruleset();
        assertThat(RestorePrinter.print(r)).isEqualTo("""
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING DROP [0:0]
                :X - [0:0]
                -A X -j RETURN
                COMMIT
                """);
    }

    @Test
    void deletingAChainThatIsStillUsedFails() {
        Ruleset base = IptablesParser.parseDump(DOCKER_NODE, "node.txt").ruleset();
        assertThatThrownBy(() -> RulesetMerger.apply(base, "*nat\n:KUBE-SVC-OLD - [0:0]\n-X KUBE-SVC-OLD\nCOMMIT\n", "in", true))
                .isInstanceOf(BadInputException.class)
                .hasMessage("in:3:4: chain KUBE-SVC-OLD is still the target of 1 rules");
        assertThatThrownBy(() -> RulesetMerger.apply(base, "*nat\n-X DOCKER\nCOMMIT\n", "in", true))
                .isInstanceOf(BadInputException.class)
                .hasMessage("in:2:4: chain DOCKER still has 1 rules; flush it before deleting it");
    }

    @Test
    void insertDeleteReplaceFlushPolicyRenameAndZero() {
        String text = """
                *filter
                :INPUT ACCEPT [3:4]
                :A - [0:0]
                -A A -j RETURN
                -I A -s 10.0.0.1 -j DROP
                -I A 2 -s 10.0.0.2 -j DROP
                -A A -s 10.0.0.3 -j DROP
                -D A -s 10.0.0.2/32 -j DROP
                -R A 1 -s 10.0.0.9 -j ACCEPT
                -D A 3
                -N B
                -A INPUT -j A
                -E A C
                -P INPUT DROP
                -F B
                -Z INPUT
                COMMIT
                """;
        Ruleset r = IptablesParser.parseDump(text, "ops").ruleset();
        assertThat(SavePrinter.print(r)).isEqualTo("""
                *filter
                :INPUT DROP [0:0]
                :B - [0:0]
                :C - [0:0]
                -A INPUT -j C
                -A C -s 10.0.0.9/32 -j ACCEPT
                -A C -j RETURN
                COMMIT
                """);
        assertThatThrownBy(() -> IptablesParser.parseDump("*filter\n:A - [0:0]\n-D A -j ACCEPT\nCOMMIT\n", "d"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("d:3:1: no rule in chain A matches this one (does a matching rule exist in that chain?)");
        assertThatThrownBy(() -> IptablesParser.parseDump("*filter\n:A - [0:0]\n-I A 3 -j ACCEPT\nCOMMIT\n", "d"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("d:3:6: index of insertion too big: chain A has 0 rules");
    }

    @Test
    void aJumpAlreadyPresentStaysWhereItIs() {
        String node = "*filter\n:INPUT ACCEPT [0:0]\n:KUBE-FIREWALL - [0:0]\n:KUBE-SERVICES - [0:0]\n"
                + "-A INPUT -j ACCEPT\n-A INPUT -j KUBE-FIREWALL\nCOMMIT\n";
        RestorePayload p = new RestorePayload(IpFamily.IPV4, List.of(new RestoreTable("filter", List.of())),
                List.of(new RestorePayload.BuiltinJump("filter", "INPUT", "-j KUBE-FIREWALL"),
                        new RestorePayload.BuiltinJump("filter", "INPUT", "-m conntrack --ctstate NEW -j KUBE-SERVICES")));
        Ruleset r = RulesetMerger.merge(IptablesParser.parseDump(node, "n").ruleset(), p, "p").ruleset();
        assertThat(r.chain("filter", "INPUT").orElseThrow().rules()).extracting(x -> x.writtenText())
                .containsExactly("-m conntrack --ctstate NEW -j KUBE-SERVICES", "-j ACCEPT", "-j KUBE-FIREWALL");
    }

    @Test
    void ensuredChainsAndFamilies() {
        Ruleset empty = new Ruleset(IpFamily.IPV4, List.of());
        Ruleset r = RulesetMerger.ensureChain(empty, "mangle", "KUBE-PROXY-CANARY");
        assertThat(SavePrinter.print(r)).isEqualTo("""
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :KUBE-PROXY-CANARY - [0:0]
                COMMIT
                """);
        assertThat(RulesetMerger.ensureChain(r, "mangle", "KUBE-PROXY-CANARY")).isSameAs(r);
        RestorePayload v6 = new RestorePayload(IpFamily.IPV6, List.of(), List.of());
        assertThatThrownBy(() -> RulesetMerger.merge(empty, v6, "p6")).isInstanceOf(BadInputException.class)
                .hasMessage("p6: the payload and the base ruleset are of different IP families");
    }
}
