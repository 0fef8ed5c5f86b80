package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.mode.nftables.ast.Expr;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.Verdict;
import dev.kpsim.mode.nftables.text.ParsedRule;
import dev.kpsim.mode.nftables.text.RuleParser;
import dev.kpsim.mode.nftables.text.RulePrinter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule statements: what kube-proxy writes, how they parse, and how {@code nft list} prints them. */
class RuleSyntaxTest {

    @Test
    void kubeProxyRulesParseIntoStatements() {
        ParsedRule r = RuleParser.parse("ip daddr . meta l4proto . th dport vmap @service-ips");
        assertThat(r.statements()).containsExactly(new Stmt.Vmap(new Expr.Concat(List.of(new Expr.Payload("ip", "daddr"),
                new Expr.Meta("l4proto", true), new Expr.Payload("th", "dport"))), new Expr.SetRef("service-ips")));
        ParsedRule masq = RuleParser.parse("mark and 0x4000 == 0 return");
        assertThat(masq.statements()).containsExactly(new Stmt.Match(new Expr.Binop("&", new Expr.Meta("mark", false),
                new Expr.Literal("0x4000")), "==", new Expr.Literal("0")), new Stmt.VerdictStmt(
                Verdict.of(dev.kpsim.mode.nftables.model.VerdictKind.RETURN)));
        ParsedRule c = RuleParser.parse("ip daddr @cluster-ips reject comment \"Reject traffic to invalid ports\"");
        assertThat(c.comment()).isEqualTo("Reject traffic to invalid ports");
        assertThat(c.statements()).containsExactly(new Stmt.Match(new Expr.Payload("ip", "daddr"), "",
                new Expr.SetRef("cluster-ips")), new Stmt.Reject(""));
        ParsedRule dnat = RuleParser.parse(
                "meta l4proto tcp dnat ip addr . port to numgen random mod 2 map { 0 : 10.0.3.2 . 80 , 1 : 10.0.3.3 . 80 }");
        assertThat(dnat.statements().get(1)).isEqualTo(new Stmt.Nat(Stmt.NatKind.DNAT, "ip", true,
                new Expr.MapLookup(new Expr.Numgen("random", 2, 0), new Expr.MapLiteral(List.of(
                        new Expr.MapEntry(new Expr.Literal("0"), new Expr.Concat(List.of(new Expr.Literal("10.0.3.2"),
                                new Expr.Literal("80")))),
                        new Expr.MapEntry(new Expr.Literal("1"), new Expr.Concat(List.of(new Expr.Literal("10.0.3.3"),
                                new Expr.Literal("80"))))))), null, List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '~', value = {
            "mark set mark or 0x4000~meta mark set meta mark | 0x00004000",
            "mark and 0x4000 == 0 return~meta mark & 0x00004000 == 0x00000000 return",
            "ip daddr { 172.30.0.0/16 } drop~ip daddr 172.30.0.0/16 drop",
            "ip saddr != { 203.0.113.0/25 , 5.6.7.8 , 10.0.0.0/8 } drop~ip saddr != { 5.6.7.8, 10.0.0.0/8, 203.0.113.0/25 } drop",
            "meta l4proto udp udp dport 53 accept~udp dport 53 accept",
            "ct state related,established,new accept~ct state established,related,new accept",
            "iifname != veth* jump mark-for-masquerade~iifname != \"veth*\" jump mark-for-masquerade",
            "numgen random mod 2 vmap { 1 : goto b , 0 : goto a }~numgen random mod 2 vmap { 0 : goto a, 1 : goto b }",
            "meta l4proto tcp dnat ip addr . port to numgen random mod 1 map { 0 : 10.0.0.1 . 80 }~meta l4proto tcp dnat ip to numgen random mod 1 map { 0 : 10.0.0.1 . 80 }",
            "meta l4proto tcp dnat to [fd00::1]:80~meta l4proto tcp dnat to [fd00::1]:80",
            "ip saddr 10.0.0.1/32 counter accept~ip saddr 10.0.0.1 counter packets 0 bytes 0 accept",
            "meta l4proto 17 accept~meta l4proto udp accept"})
    void listFormIsWhatNftPrints(String input, String listed) {
        ParsedRule r = RuleParser.parse(input);
        assertThat(RulePrinter.statements(r.statements(), r.comment())).isEqualTo(listed);
    }

    @Test
    void unknownTailIsKeptVerbatimWithItsVerdict() {
        ParsedRule r = RuleParser.parse("ip saddr 10.0.0.1 quota over 10 mbytes drop comment \"q\"");
        assertThat(r.statements()).containsExactly(new Stmt.Match(new Expr.Payload("ip", "saddr"), "",
                new Expr.Literal("10.0.0.1")), new Stmt.Unknown("quota over 10 mbytes"),
                new Stmt.VerdictStmt(Verdict.of(dev.kpsim.mode.nftables.model.VerdictKind.DROP)));
        assertThat(r.comment()).isEqualTo("q");
        assertThat(RulePrinter.statements(r.statements(), r.comment()))
                .isEqualTo("ip saddr 10.0.0.1 quota over 10 mbytes drop comment \"q\"");
    }
}
