package dev.kpsim.core.netfilter.save;

import java.util.ArrayList;
import java.util.List;

/**
 * One extension option as written: its name token ({@code --dport}), whether it is negated (a {@code !} before it,
 * or right after it in the pre-1.4.3 style), and its argument tokens.
 */
record Option(Token token, boolean negated, List<Token> args) {
    Option {
        args = List.copyOf(args);
    }

    String name() {
        return token.text();
    }

    Token arg(int i) {
        return args.get(i);
    }

    /** The option as verbatim arguments, with a leading {@code !} when negated. */
    List<String> verbatim() {
        List<String> out = new ArrayList<>(args.size() + 2);
        if (negated) {
            out.add("!");
        }
        out.add(token.text());
        for (Token t : args) {
            out.add(t.text());
        }
        return out;
    }
}
