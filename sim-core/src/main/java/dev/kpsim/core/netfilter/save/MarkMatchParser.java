package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;

/** {@code -m mark [!] --mark VALUE[/MASK]} (libxt_mark.c, revision 1). */
final class MarkMatchParser extends MatchExtension {
    private MarkMatch result;

    MarkMatchParser(Token nameToken) {
        super("mark", nameToken);
    }

    @Override
    int arity(String option) {
        return option.equals("--mark") ? 1 : UNKNOWN;
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        once(result != null, o, scope);
        MarkValues.ValueMask vm = MarkValues.parse(o.arg(0), true, scope);
        result = new MarkMatch(vm.value(), vm.maskOr(MarkMatch.FULL_MASK), o.negated());
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (result == null) {
            throw scope.error(nameToken, "missing-option", "the mark match needs --mark");
        }
        return result;
    }
}
