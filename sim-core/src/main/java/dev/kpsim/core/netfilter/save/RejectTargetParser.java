package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.Target;

/** {@code -j REJECT [--reject-with TYPE]}; the type is stored under its canonical name (see {@link RejectTypes}). */
final class RejectTargetParser extends TargetExtension {
    private String type;

    RejectTargetParser(Token nameToken) {
        super("REJECT", nameToken);
    }

    @Override
    int arity(String option) {
        return option.equals("--reject-with") ? 1 : UNKNOWN;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        once(type != null, o, scope);
        type = RejectTypes.canonical(o.arg(0).text(), facts.family());
        if (type == null) {
            throw scope.error(o.arg(0), "bad-option-value", "unknown reject type '" + o.arg(0).text() + "'");
        }
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        return new RejectTarget(type);
    }
}
