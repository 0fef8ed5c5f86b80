package dev.kpsim.mode.nftables.text;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.text.CommonWords;
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

    /**
     * Words that recur in every large ruleset (keywords, kube-proxy's fixed chain names, small numbers). A word token
     * equal to one of them gets the shared instance, so the statements parsed from 100,000 rules do not each hold
     * their own copy of {@code saddr} or {@code mark-for-masquerade}.
     */
    private static final CommonWords COMMON_WORDS = new CommonWords(
        "ip", "ip6", "inet", "saddr", "daddr", "sport", "dport", "th", "tcp", "udp", "sctp", "meta", "l4proto",
        "nfproto", "ct", "state", "status", "new", "established", "related", "invalid", "dnat", "snat", "to", "addr",
        "port", "masquerade", "fully-random", "random", "mark", "set", "or", "and", "xor", "jump", "goto", "return",
        "reject", "drop", "accept", "continue", "vmap", "map", "numgen", "mod", "fib", "type", "local", "update",
        "comment", "counter", "packets", "bytes", "iifname", "oifname", "==", "!=", ":", ".", "@", "mark-for-masquerade",
        "services", "masquerading", "reject-chain", "cluster-ips", "service-ips", "nodeport-ips", "0", "1", "2", "3",
        "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "0x4000", "0x00004000");

    /** {@code src.substring(from, to)}, as the shared instance when it is one of {@link #COMMON_WORDS}. */
    private static String word(String src, int from, int to) {
        return COMMON_WORDS.word(src, from, to);
    }

    /** Tokens of {@code src}; an unterminated string is reported in {@code diags} and ends at the line end. */
    public static List<Token> tokenize(String src, String file, Diagnostics diags) {
        return tokenize(src, file, diags, true);
    }

    /** The tokens of one rule's text: {@link #tokenize} without its NEWLINE and EOF tokens. */
    static List<Token> ruleTokens(String src, Diagnostics diags) {
        return tokenize(src, "<rule>", diags, false);
    }

    private static List<Token> tokenize(String src, String file, Diagnostics diags, boolean lineTokens) {
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
                if (lineTokens) {
                    out.add(new Token(Token.Kind.NEWLINE, "\n", line, i - lineStart + 1, i, i + 1));
                }
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
                out.add(new Token(Token.Kind.WORD, word(src, s, i), line, s - lineStart + 1, s, i));
            }
        }
        if (lineTokens) {
            out.add(new Token(Token.Kind.EOF, "", line, i - lineStart + 1, i, i));
        }
        return out;
    }
}
