package dev.kpsim.mode.nftables.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Where the engine's branch decisions come from: a seeded random source for a single {@code trace}, or a script
 * that replays a prefix of decisions and takes the first option afterwards, recording every decision point so that
 * {@code outcomes} can enumerate all paths.
 */
abstract class Choices {

    /** Picks one of {@code options}; {@code probabilities} sum to 1. */
    abstract int choose(double[] probabilities);

    /** Seeded choices: each option with its probability. */
    static final class Seeded extends Choices {
        private final SplittableRandom random;

        Seeded(SplittableRandom random) {
            this.random = random;
        }

        @Override
        int choose(double[] probabilities) {
            double x = random.nextDouble();
            double acc = 0;
            for (int i = 0; i < probabilities.length; i++) {
                acc += probabilities[i];
                if (x < acc) {
                    return i;
                }
            }
            return probabilities.length - 1;
        }
    }

    /** Replays {@code prefix}, then takes option 0; records the arity of every decision. */
    static final class Scripted extends Choices {
        private final List<Integer> prefix;
        final List<Integer> taken = new ArrayList<>();
        final List<Integer> arities = new ArrayList<>();
        double probability = 1.0;

        Scripted(List<Integer> prefix) {
            this.prefix = prefix;
        }

        @Override
        int choose(double[] probabilities) {
            int i = taken.size();
            int c = i < prefix.size() ? prefix.get(i) : 0;
            taken.add(c);
            arities.add(probabilities.length);
            probability *= probabilities[c];
            return c;
        }
    }
}
