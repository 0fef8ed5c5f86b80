package dev.kpsim.mode.nftables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.gen.NftGeneratorOptions;
import dev.kpsim.mode.nftables.model.NftFamily;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftTable;
import dev.kpsim.mode.nftables.text.InputPrinter;
import dev.kpsim.mode.nftables.text.ListPrinter;
import dev.kpsim.mode.nftables.text.NftParser;
import dev.kpsim.mode.nftables.text.ParseResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** parse → print is the identity, on real {@code nft list} output and on kpsim's own renderings. */
class ParserRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"overall-GA", "overall-V1_34", "overall-V1_36", "hostnames-1.33", "hostnames-1.35",
            "hostnames-1.36", "dump-mixed"})
    void realListingsPrintBackByteForByte(String name) {
        String text = KnftablesDump.resource("nft106/" + name + ".list");
        ParseResult r = NftParser.parse(text, name + ".list");
        assertThat(r.hasErrors()).as(r.diagnostics().toString()).isFalse();
        assertThat(ListPrinter.ruleset(r.ruleset())).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33", "1.35", "1.36"})
    void inputFormParsesBackToTheSameTable(String version) {
        NftablesDataPlane dp = NftablesMode.generate(Hostnames.input(KubeProxyVersion.parse(version).orElseThrow()),
                NftGeneratorOptions.defaults());
        String input = dp.render("nft-f");
        ParseResult r = NftParser.parse(input, "hostnames.nft");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(InputPrinter.ruleset(r.ruleset())).isEqualTo(input);
        assertThat(ListPrinter.ruleset(r.ruleset())).isEqualTo(dp.render("nft"));
    }

    @Test
    void upstreamTransactionDumpParsesAndPrintsBackAsTheSameLines() {
        String dump = KnftablesDump.resource("upstream/v1_34/base-rules.nft")
                + KnftablesDump.resource("upstream/v1_34/overall.nft");
        ParseResult r = NftParser.parse(dump, "overall.nft");
        assertThat(r.diagnostics()).isEmpty();
        assertThat(KnftablesDump.canonical(InputPrinter.ruleset(r.ruleset())))
                .isEqualTo(KnftablesDump.canonical(dump));
    }

    @Test
    void mixedDumpKeepsUnknownStatementsAndReportsThem() {
        ParseResult r = NftParser.parse(KnftablesDump.resource("nft106/dump-mixed.list"), "node.nft");
        NftRuleset rs = r.ruleset();
        assertThat(rs.tables()).extracting(t -> t.family() + " " + t.name())
                .containsExactly("ip kube-proxy", "inet flannel-like", "ip filter", "ip nat");
        NftTable filter = rs.table(NftFamily.IP, "filter").orElseThrow();
        assertThat(filter.warning()).isEqualTo("# Warning: table ip filter is managed by iptables-nft, do not touch!");
        NftTable cni = rs.table(NftFamily.INET, "flannel-like").orElseThrow();
        List<Stmt> tcpMss = cni.chain("forward-filter").orElseThrow().rules().get(3).statements();
        assertThat(tcpMss).last().isEqualTo(new Stmt.Unknown("/ fin,syn,rst,ack tcp option maxseg size set rt mtu"));
        List<Stmt> icmp = cni.chain("forward-filter").orElseThrow().rules().get(4).statements();
        assertThat(icmp).endsWith(new Stmt.Unknown("limit rate 10/second"),
                new Stmt.VerdictStmt(dev.kpsim.mode.nftables.model.Verdict.of(
                        dev.kpsim.mode.nftables.model.VerdictKind.ACCEPT)));
        assertThat(r.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "node.nft:159:3: unsupported: '/ fin,syn,rst,ack tcp option maxseg size set rt mtu' is not modelled;"
                        + " the rule is evaluated as possibly matching",
                "node.nft:160:3: unsupported: 'limit rate 10/second' is not modelled; the rule is evaluated as"
                        + " possibly matching");
        assertThat(r.diagnostics()).allMatch(d -> d.severity() == Severity.UNSUPPORTED);
    }

    @Test
    void malformedInputGivesLocatedErrorsAndKeepsWhatWasUnderstood() {
        String text = "table ip t {\n\tchain c {\n\t\ttype filter hook sideways priority 0; policy accept;\n"
                + "\t\tip saddr 10.0.0.1 drop\n\t}\n\n\tset s {\n\t\tflags interval\n\t}\n}\n"
                + "add rule ip missing c accept\n";
        ParseResult r = NftParser.parse(text, "bad.nft");
        assertThat(r.diagnostics()).extracting(Diagnostic::format).containsExactly(
                "bad.nft:3:20: unknown hook 'sideways'",
                "bad.nft:7:2: set 's' has no type",
                "bad.nft:11:10: no such table 'ip missing'");
        assertThat(r.ruleset().table(NftFamily.IP, "t").orElseThrow().chain("c").orElseThrow().rules()).hasSize(1);
    }
}
