package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.Target;

/**
 * {@code -j MARK} with exactly one of {@code --set-xmark V[/M]}, {@code --set-mark V[/M]}, {@code --and-mark V},
 * {@code --or-mark V}, {@code --xor-mark V} (libxt_MARK.c, revision 2). A mask not written is {@code 0xffffffff}; the
 * exact text after the option is kept in {@link MarkTarget#writtenValue()}.
 */
final class MarkTargetParser extends TargetExtension {
    private MarkTarget result;

    MarkTargetParser(Token nameToken) {
        super("MARK", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark" -> 1;
            default -> UNKNOWN;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        if (result != null) {
            throw scope.error(o.token(), "bad-option", "MARK takes only one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark");
        }
        MarkTarget.Op op = switch (o.name()) {
            case "--set-xmark" -> MarkTarget.Op.SET_XMARK;
            case "--set-mark" -> MarkTarget.Op.SET_MARK;
            case "--and-mark" -> MarkTarget.Op.AND_MARK;
            case "--or-mark" -> MarkTarget.Op.OR_MARK;
            default -> MarkTarget.Op.XOR_MARK;
        };
        boolean maskAllowed = op == MarkTarget.Op.SET_XMARK || op == MarkTarget.Op.SET_MARK;
        MarkValues.ValueMask vm = MarkValues.parse(o.arg(0), maskAllowed, scope);
        result = new MarkTarget(op, vm.value(), vm.maskOr(MarkMatch.FULL_MASK), o.arg(0).text());
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        if (result == null) {
            throw scope.error(nameToken, "missing-option", "MARK needs one of --set-xmark, --set-mark, --and-mark, --or-mark, --xor-mark");
        }
        return result;
    }
}
