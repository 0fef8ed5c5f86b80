package dev.kpsim.core.netfilter.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.target.JumpTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader remembers the chain the previous command named and gives every rule jumping to one chain the same
 * target: a chain renamed, deleted or dropped with its table must never be found again under its old name.
 */
class ChainLookupTest {

    private static String parseAndPrint(String text) {
        return SavePrinter.print(IptablesParser.parseDump(text, "t").ruleset());
    }

    @Test
    void aRenamedChainIsOnlyFoundUnderItsNewName() {
        String text = "*filter\n:A - [0:0]\n:B - [0:0]\n-A A -j RETURN\n-E A C\n-A C -j DROP\n-A B -j C\n-A B -g C\nCOMMIT\n";
        Ruleset r = IptablesParser.parseDump(text, "t").ruleset();
        assertThat(SavePrinter.print(r)).isEqualTo(
                "*filter\n:B - [0:0]\n:C - [0:0]\n-A B -j C\n-A B -g C\n-A C -j RETURN\n-A C -j DROP\nCOMMIT\n");
        List<Rule> b = r.chain("filter", "B").orElseThrow().rules();
        assertThat(b).extracting(Rule::target).containsExactly(new JumpTarget("C", false), new JumpTarget("C", true));

        assertThatThrownBy(() -> parseAndPrint("*filter\n:A - [0:0]\n-A A -j RETURN\n-E A C\n-A A -j DROP\nCOMMIT\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("t:5:4: chain A does not exist in table filter");
    }

    @Test
    void aDeletedChainIsNotFoundAndANewOneOfThatNameIsEmpty() {
        assertThatThrownBy(() -> parseAndPrint("*filter\n:A - [0:0]\n-A A -j RETURN\n-F A\n-X A\n-A A -j DROP\nCOMMIT\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("t:6:4: chain A does not exist in table filter");
        assertThat(parseAndPrint("*filter\n:A - [0:0]\n-A A -j RETURN\n-F A\n-X A\n-N A\n-A A -j DROP\nCOMMIT\n"))
                .isEqualTo("*filter\n:A - [0:0]\n-A A -j DROP\nCOMMIT\n");
    }

    @Test
    void aSecondBlockOfTheSameTableStartsFromItsOwnChains() {
        String text = "*filter\n:A - [0:0]\n-A A -j RETURN\nCOMMIT\n*filter\n:A - [0:0]\n-A A -j DROP\nCOMMIT\n";
        assertThat(parseAndPrint(text)).isEqualTo("*filter\n:A - [0:0]\n-A A -j DROP\nCOMMIT\n");
        assertThatThrownBy(() -> parseAndPrint("*filter\n:A - [0:0]\n-A A -j RETURN\nCOMMIT\n*nat\n-A A -j DROP\nCOMMIT\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("t:6:4: chain A does not exist in table nat");
    }

    @Test
    void rulesJumpingToOneChainShareOneTarget() {
        String text = "*nat\n:S - [0:0]\n:X - [0:0]\n-A S -d 10.0.0.1/32 -j X\n-A S -d 10.0.0.2/32 -j X\n"
                + "-A S -d 10.0.0.3/32 -j MISSING\n-A S -d 10.0.0.4/32 -j MISSING\nCOMMIT\n";
        ParseResult p = IptablesParser.parseDump(text, "t");
        List<Rule> s = p.ruleset().chain("nat", "S").orElseThrow().rules();
        assertThat(s.get(0).target()).isSameAs(s.get(1).target()).isEqualTo(new JumpTarget("X", false));
        assertThat(s.get(2).target()).isSameAs(s.get(3).target()).isEqualTo(new JumpTarget("MISSING", false));
        assertThat(p.diagnostics()).extracting(d -> d.code()).containsExactly("undeclared-chain", "undeclared-chain");
    }
}
