package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A match module kpsim does not model: every option is accepted and kept verbatim (an option's arguments run up to
 * the next option), so the rule prints back unchanged. Reported once per module name as unsupported.
 */
final class UnknownMatchParser extends MatchExtension {
    private final List<String> args = new ArrayList<>();

    UnknownMatchParser(String module, Token nameToken) {
        super(module, nameToken);
    }

    @Override
    int arity(String option) {
        return option.startsWith("--") ? VARIABLE : UNKNOWN;
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
    Match build(RuleFacts facts, LineScope scope) {
        scope.context().unsupportedMatch(name, scope.at(nameToken));
        return new UnknownMatch(name, args);
    }
}
