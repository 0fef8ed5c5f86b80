package dev.kpsim.core.netfilter.save;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.net.IpFamily;
import java.util.List;
import org.junit.jupiter.api.Test;

/** iptables-restore's argument splitting ({@code add_param_to_argv}), with columns. */
class LineTokenizerTest {
    private static final LineScope SCOPE = new LineScope(new ParseContext(IpFamily.IPV4, new Diagnostics()), "f", 7);

    private static List<String> texts(String line) {
        return LineTokenizer.tokenize(line, 0, SCOPE).stream().map(Token::text).toList();
    }

    @Test
    void blanksSeparateAndRepeatedBlanksDoNotMakeEmptyArguments() {
        assertThat(texts("-A  X\t-j   ACCEPT ")).containsExactly("-A", "X", "-j", "ACCEPT");
        assertThat(LineTokenizer.tokenize("-A  X", 0, SCOPE)).extracting(Token::column).containsExactly(1, 5);
    }

    @Test
    void quotesGroupAndBackslashEscapesOnlyInsideThem() {
        assertThat(texts("--comment \"a b\" x")).containsExactly("--comment", "a b", "x");
        assertThat(texts("--comment \"say \\\"hi\\\" \\\\ done\"")).containsExactly("--comment", "say \"hi\" \\ done");
        assertThat(texts("a\\b c\\d")).containsExactly("a\\b", "c\\d");
        assertThat(texts("--comment \"\" y")).containsExactly("--comment", "", "y");
    }

    @Test
    void aClosingQuoteEndsTheArgumentAndAnOpeningQuoteJoinsIt() {
        assertThat(texts("\"ab\"cd")).containsExactly("ab", "cd");
        assertThat(texts("ab\"c d\" e")).containsExactly("abc d", "e");
        List<Token> t = LineTokenizer.tokenize("x \"q\"", 0, SCOPE);
        assertThat(t.get(1)).isEqualTo(new Token("q", 3, true));
        assertThat(t.get(0).quoted()).isFalse();
    }

    @Test
    void theStartIndexIsHonouredAndColumnsStayLineBased() {
        assertThat(LineTokenizer.tokenize("[1:2] -A X", 5, SCOPE)).containsExactly(
                new Token("-A", 7, false), new Token("X", 10, false));
    }

    @Test
    void anUnterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> LineTokenizer.tokenize("-m comment --comment \"oops", 0, SCOPE))
                .isInstanceOf(LineError.class)
                .hasMessage("f:7:22: unterminated quote: the double quote opened here is never closed (truncated or garbled line?)");
    }

    @Test
    void optionShapes() {
        assertThat(new Token("!", 1, false).isBang()).isTrue();
        assertThat(new Token("!", 1, true).isBang()).isFalse();
        assertThat(new Token("--dport", 1, false).looksLikeOption()).isTrue();
        assertThat(new Token("-", 1, false).looksLikeOption()).isFalse();
        assertThat(new Token("-x", 1, true).looksLikeOption()).isFalse();
    }
}
