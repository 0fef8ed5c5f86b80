package dev.kpsim.core.netfilter.save;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a restore line into arguments exactly as iptables-restore does ({@code add_param_to_argv} in
 * iptables/xshared.c): spaces and tabs separate arguments; a double quote opens a quoted part in which a backslash
 * escapes the next character and the closing quote also ends the argument; outside quotes a backslash is an ordinary
 * character. Unlike iptables (which silently accepts it) an unterminated quote is an error here, because it means the
 * input was cut or garbled.
 */
final class LineTokenizer {
    private LineTokenizer() {
    }

    /**
     * Tokenises the line {@code text} from index {@code from}; token columns are 1-based positions in {@code text}.
     *
     * @throws LineError (code {@code unterminated-quote}) pointing at the opening quote
     */
    static List<Token> tokenize(String text, int from, LineScope scope) {
        List<Token> out = new ArrayList<>();
        StringBuilder param = new StringBuilder();
        boolean quoteOpen = false;
        boolean escaped = false;
        boolean quoted = false;
        int start = -1;
        int quoteAt = -1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoteOpen) {
                if (escaped) {
                    param.append(c);
                    escaped = false;
                    continue;
                } else if (c == '\\') {
                    escaped = true;
                    continue;
                } else if (c == '"') {
                    quoteOpen = false;
                    out.add(new Token(param.toString(), start + 1, true));
                    param.setLength(0);
                    quoted = false;
                    start = -1;
                    continue;
                } else {
                    param.append(c);
                    continue;
                }
            }
            if (c == '"') {
                quoteOpen = true;
                quoted = true;
                quoteAt = i;
                if (start < 0) {
                    start = i;
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n') {
                if (param.length() == 0 && !quoted) {
                    continue;
                }
                out.add(new Token(param.toString(), start + 1, quoted));
                param.setLength(0);
                quoted = false;
                start = -1;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            param.append(c);
        }
        if (quoteOpen) {
            throw scope.error(quoteAt + 1, "unterminated-quote",
                    "unterminated quote: the double quote opened here is never closed (truncated or garbled line?)");
        }
        if (param.length() > 0) {
            out.add(new Token(param.toString(), start + 1, quoted));
        }
        return out;
    }
}
