package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Targets whose options kpsim keeps verbatim: the observing targets {@code LOG}, {@code NFLOG} and {@code TRACE}
 * (a {@link ContinueTarget}: evaluation goes on with the next rule) and target extensions kpsim does not model
 * ({@code CT}, {@code TPROXY}, {@code NFQUEUE}, …; an {@link UnknownTarget}, reported once as unsupported). The
 * LOG and NFLOG options with an argument take the next word whatever it looks like, as getopt does; options kpsim
 * does not know take the words up to the next option.
 */
final class VerbatimTargetParser extends TargetExtension {
    private final boolean continues;
    private final List<String> args = new ArrayList<>();

    VerbatimTargetParser(String name, Token nameToken, boolean continues) {
        super(name, nameToken);
        this.continues = continues;
    }

    @Override
    int arity(String option) {
        switch (option) {
            case "--log-prefix", "--log-level", "--nflog-group", "--nflog-prefix", "--nflog-range", "--nflog-size",
                    "--nflog-threshold":
                if (continues) {
                    return 1;
                }
                break;
            case "--log-tcp-sequence", "--log-tcp-options", "--log-ip-options", "--log-uid", "--log-macdecode":
                if (continues) {
                    return 0;
                }
                break;
            default:
                break;
        }
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
    Target build(RuleFacts facts, LineScope scope) {
        if (continues) {
            return new ContinueTarget(name, args);
        }
        scope.context().unsupportedTarget(name, scope.at(nameToken));
        return new UnknownTarget(name, args);
    }
}
