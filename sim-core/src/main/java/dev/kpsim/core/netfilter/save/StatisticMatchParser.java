package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import java.util.OptionalLong;

/**
 * {@code -m statistic --mode random [!] --probability P} or {@code --mode nth [!] --every N [--packet P]}
 * (libxt_statistic.c). The probability is stored as {@code lround(0x80000000 * P)}, which {@link RandomMatch#of}
 * reproduces.
 */
final class StatisticMatchParser extends MatchExtension {
    private String mode;
    private Token modeToken;
    private String probability;
    private Long every;
    private Long packet;
    private boolean negated;

    StatisticMatchParser(Token nameToken) {
        super("statistic", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--mode", "--probability", "--every", "--packet" -> 1;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return option.equals("--probability") || option.equals("--every");
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        Token arg = o.arg(0);
        switch (o.name()) {
            case "--mode" -> {
                noNegation(o, scope);
                once(mode != null, o, scope);
                if (!arg.text().equals("random") && !arg.text().equals("nth")) {
                    throw scope.error(arg, "bad-option-value", "bad statistic mode '" + arg.text() + "' (random or nth)");
                }
                mode = arg.text();
                modeToken = arg;
            }
            case "--probability" -> {
                once(probability != null, o, scope);
                if (every != null || packet != null) {
                    throw scope.error(o.token(), "bad-option", "--probability cannot be combined with --every/--packet");
                }
                double p;
                try {
                    p = Double.parseDouble(arg.text());
                } catch (NumberFormatException e) {
                    throw scope.error(arg, "bad-number", "'" + arg.text() + "' is not a probability");
                }
                if (!(p >= 0.0 && p <= 1.0) || !isDecimal(arg.text())) {
                    throw scope.error(arg, "bad-number", "probability '" + arg.text() + "' is not a number between 0 and 1");
                }
                probability = arg.text();
                negated |= o.negated();
            }
            case "--every" -> {
                once(every != null, o, scope);
                noProbability(o, scope);
                OptionalLong v = Values.unsigned(arg.text(), Integer.MAX_VALUE);
                if (v.isEmpty() || v.getAsLong() < 1) {
                    throw scope.error(arg, "bad-number", "--every needs a whole number of at least 1");
                }
                every = v.getAsLong();
                negated |= o.negated();
            }
            default -> {
                once(packet != null, o, scope);
                noProbability(o, scope);
                OptionalLong v = Values.unsigned(arg.text(), Integer.MAX_VALUE);
                if (v.isEmpty()) {
                    throw scope.error(arg, "bad-number", "--packet needs a whole number");
                }
                packet = v.getAsLong();
            }
        }
    }

    private void noProbability(Option o, LineScope scope) {
        if (probability != null) {
            throw scope.error(o.token(), "bad-option", o.name() + " cannot be combined with --probability");
        }
    }

    private static boolean isDecimal(String s) {
        return s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+');
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (mode == null) {
            throw scope.error(nameToken, "missing-option", "the statistic match needs --mode");
        }
        if (mode.equals("random")) {
            if (probability == null) {
                throw scope.error(modeToken, "missing-option", "--probability must be given with --mode random");
            }
            return RandomMatch.of(probability, negated);
        }
        if (every == null) {
            throw scope.error(modeToken, "missing-option", "--every must be given with --mode nth");
        }
        long p = packet == null ? 0 : packet;
        if (p > every - 1) {
            throw scope.error(modeToken, "bad-option-value", "--packet p must be 0 <= p <= n-1");
        }
        return new NthMatch((int) (long) every, (int) p, negated);
    }
}
