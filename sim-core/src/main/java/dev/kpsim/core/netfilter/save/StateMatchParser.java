package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.StateMatch;
import java.util.Set;

/** {@code -m state [!] --state LIST} (the state alias in libxt_conntrack.c): INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED. */
final class StateMatchParser extends MatchExtension {
    private Set<CtState> states;
    private boolean negated;

    StateMatchParser(Token nameToken) {
        super("state", nameToken);
    }

    @Override
    int arity(String option) {
        return option.equals("--state") ? 1 : UNKNOWN;
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        once(states != null, o, scope);
        states = CtStates.parse(o.arg(0), false, scope);
        negated = o.negated();
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (states == null) {
            throw scope.error(nameToken, "missing-option", "the state match needs --state");
        }
        return new StateMatch(states, negated);
    }
}
