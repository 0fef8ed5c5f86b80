package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -j NAME} for a name that is not a target kpsim knows (normally a user chain), or {@code -g CHAIN}. If options
 * follow a {@code -j NAME}, NAME must be a target extension kpsim does not model, and the rule keeps it verbatim as an
 * {@link UnknownTarget}; whether a plain name really is a chain is checked when the rule is added to its table.
 */
final class ChainTargetParser extends TargetExtension {
    private final boolean isGoto;
    private final List<String> args = new ArrayList<>();

    ChainTargetParser(String name, Token nameToken, boolean isGoto) {
        super(name, nameToken);
        this.isGoto = isGoto;
    }

    @Override
    int arity(String option) {
        return !isGoto && option.startsWith("--") ? VARIABLE : UNKNOWN;
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        args.addAll(o.verbatim());
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        if (args.isEmpty()) {
            return new JumpTarget(name, isGoto);
        }
        scope.context().unsupportedTarget(name, scope.at(nameToken));
        return new UnknownTarget(name, args);
    }
}
