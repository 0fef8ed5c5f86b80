package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;

/** The verdicts {@code ACCEPT}, {@code DROP} and {@code RETURN}, which take no options. */
final class StandardTargetParser extends TargetExtension {
    StandardTargetParser(String verdict, Token nameToken) {
        super(verdict, nameToken);
    }

    @Override
    int arity(String option) {
        return UNKNOWN;
    }

    @Override
    void option(Option option, RuleFacts facts, LineScope scope) {
        throw scope.error(option.token(), "unknown-option", name + " takes no options");
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        return new StandardTarget(StandardTarget.Kind.valueOf(name));
    }
}
