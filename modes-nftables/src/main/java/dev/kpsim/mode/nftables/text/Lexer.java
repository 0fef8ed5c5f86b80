package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits nft text ({@code nft list} output or {@code nft -f} input) into tokens. Words run up to a blank or one of
 * {@code { } ; ,}; {@code "…"} is a string (quotes kept); {@code #} starts a comment to the end of the line; a
 * backslash before a newline joins lines. Newlines are tokens, because they end rules and declarations.
 */
public final class Lexer {

    private Lexer() {
    }

    /** Tokens of {@code src}; an unterminated string is reported in {@code diags} and ends at the line end. */
    public static List<Token> tokenize(String src, String file, Diagnostics diags) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\\' && i + 1 < n && src.charAt(i + 1) == '\n') {
                i += 2;
                line++;
                lineStart = i;
            } else if (c == '\n') {
                out.add(new Token(Token.Kind.NEWLINE, "\n", line, i - lineStart + 1, i, i + 1));
                i++;
                line++;
                lineStart = i;
            } else if (c == '#') {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';' || c == ',') {
                Token.Kind k = c == '{' ? Token.Kind.LBRACE : c == '}' ? Token.Kind.RBRACE
                        : c == ';' ? Token.Kind.SEMI : Token.Kind.COMMA;
                out.add(new Token(k, String.valueOf(c), line, i - lineStart + 1, i, i + 1));
                i++;
            } else if (c == '"') {
                int s = i;
                i++;
                while (i < n && src.charAt(i) != '"' && src.charAt(i) != '\n') {
                    if (src.charAt(i) == '\\' && i + 1 < n && src.charAt(i + 1) != '\n') {
                        i++;
                    }
                    i++;
                }
                if (i < n && src.charAt(i) == '"') {
                    i++;
                } else {
                    diags.error(new SourceLocation(file, line, s - lineStart + 1), "nft-unterminated-string",
                            "a quoted string is not closed before the end of the line");
                }
                out.add(new Token(Token.Kind.STRING, src.substring(s, i), line, s - lineStart + 1, s, i));
            } else {
                int s = i;
                while (i < n) {
                    char d = src.charAt(i);
                    if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '{' || d == '}' || d == ';'
                            || d == ',' || d == '"') {
                        break;
                    }
                    i++;
                }
                out.add(new Token(Token.Kind.WORD, src.substring(s, i), line, s - lineStart + 1, s, i));
            }
        }
        out.add(new Token(Token.Kind.EOF, "", line, i - lineStart + 1, i, i));
        return out;
    }
}
