package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -j CONNMARK} (libxt_CONNMARK.c, revision 1). The set forms ({@code --set-xmark}, {@code --set-mark},
 * {@code --and-mark}, {@code --or-mark}, {@code --xor-mark}) reduce to {@code SET_XMARK} with value = ctmark and
 * mask = ctmask as the extension computes them; {@code --save-mark} / {@code --restore-mark} keep value = nfmask and
 * mask = ctmask (both {@code 0xffffffff} unless {@code --mask}, {@code --nfmask} or {@code --ctmask} say otherwise).
 * Anything else ({@code --set-return}, shifts) is {@code OTHER}. The written options are kept in
 * {@link ConnmarkTarget#args()}.
 */
final class ConnmarkTargetParser extends TargetExtension {
    private ConnmarkTarget.Op op;
    private long value;
    private long mask;
    private Long nfmask;
    private Long ctmask;
    private final List<String> args = new ArrayList<>();

    ConnmarkTargetParser(Token nameToken) {
        super("CONNMARK", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark", "--mask", "--nfmask", "--ctmask" -> 1;
            case "--save-mark", "--restore-mark" -> 0;
            default -> option.startsWith("--") ? VARIABLE : UNKNOWN;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        args.addAll(o.verbatim());
        switch (o.name()) {
            case "--set-xmark", "--set-mark", "--and-mark", "--or-mark", "--xor-mark" -> {
                setOp(ConnmarkTarget.Op.SET_XMARK, o, scope);
                boolean maskAllowed = o.name().equals("--set-xmark") || o.name().equals("--set-mark");
                MarkValues.ValueMask vm = MarkValues.parse(o.arg(0), maskAllowed, scope);
                long v = vm.value();
                long m = vm.maskOr(MarkMatch.FULL_MASK);
                switch (o.name()) {
                    case "--set-xmark" -> {
                        value = v;
                        mask = m;
                    }
                    case "--set-mark" -> {
                        value = v;
                        mask = (v | m) & MarkMatch.FULL_MASK;
                    }
                    case "--and-mark" -> {
                        value = 0;
                        mask = ~v & MarkMatch.FULL_MASK;
                    }
                    case "--or-mark" -> {
                        value = v;
                        mask = v;
                    }
                    default -> {
                        value = v;
                        mask = 0;
                    }
                }
            }
            case "--save-mark" -> setOp(ConnmarkTarget.Op.SAVE_MARK, o, scope);
            case "--restore-mark" -> setOp(ConnmarkTarget.Op.RESTORE_MARK, o, scope);
            case "--mask" -> {
                long m = MarkValues.parse(o.arg(0), false, scope).value();
                nfmask = m;
                ctmask = m;
            }
            case "--nfmask" -> nfmask = MarkValues.parse(o.arg(0), false, scope).value();
            case "--ctmask" -> ctmask = MarkValues.parse(o.arg(0), false, scope).value();
            default -> op = ConnmarkTarget.Op.OTHER;
        }
    }

    private void setOp(ConnmarkTarget.Op newOp, Option o, LineScope scope) {
        if (op != null && op != ConnmarkTarget.Op.OTHER) {
            throw scope.error(o.token(), "bad-option", "CONNMARK takes only one action");
        }
        if (op == null) {
            op = newOp;
        }
    }

    @Override
    Target build(RuleFacts facts, LineScope scope) {
        if (op == null) {
            throw scope.error(nameToken, "missing-option", "CONNMARK needs an action (--set-xmark, --save-mark, --restore-mark, ...)");
        }
        if (op == ConnmarkTarget.Op.SAVE_MARK || op == ConnmarkTarget.Op.RESTORE_MARK) {
            return new ConnmarkTarget(op, nfmask == null ? MarkMatch.FULL_MASK : nfmask,
                    ctmask == null ? MarkMatch.FULL_MASK : ctmask, args);
        }
        if (op == ConnmarkTarget.Op.OTHER) {
            scope.context().unsupportedTarget("CONNMARK", scope.at(nameToken));
            return new ConnmarkTarget(op, 0, 0, args);
        }
        return new ConnmarkTarget(op, value, mask, args);
    }
}
