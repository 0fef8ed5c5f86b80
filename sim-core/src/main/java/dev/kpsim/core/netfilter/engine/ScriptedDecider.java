package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.netfilter.match.RandomMatch;
import java.util.Arrays;
import java.util.Deque;

/**
 * The choices of one path of an exhaustive exploration. It replays a script of earlier choices; at each new
 * branch point it takes the "true" side and queues the script that takes the "false" side, so that re-running the
 * walk once per queued script visits every path exactly once (depth first). Probabilities are the kernel's exact
 * ones: a statistic match succeeds with {@code kernelValue / 2^31}; an unmodeled construct splits evenly.
 */
final class ScriptedDecider implements Decider {
    private final boolean[] script;
    private final Deque<boolean[]> pending;
    private boolean[] taken;
    private int position;
    private double probability = 1.0;

    ScriptedDecider(boolean[] script, Deque<boolean[]> pending) {
        this.script = script;
        this.pending = pending;
        this.taken = new boolean[Math.max(8, script.length)];
    }

    @Override
    public boolean random(long kernelValue) {
        return choose(kernelValue >= RandomMatch.SCALE ? 1.0 : kernelValue <= 0 ? 0.0 : (double) kernelValue / RandomMatch.SCALE);
    }

    @Override
    public boolean unknown() {
        return choose(0.5);
    }

    @Override
    public double probability() {
        return probability;
    }

    private boolean choose(double p) {
        if (p <= 0.0) {
            return false;
        }
        if (p >= 1.0) {
            return true;
        }
        boolean b;
        if (position < script.length) {
            b = script[position];
        } else {
            b = true;
            boolean[] alternative = Arrays.copyOf(taken, position + 1);
            alternative[position] = false;
            pending.push(alternative);
        }
        if (position == taken.length) {
            taken = Arrays.copyOf(taken, taken.length * 2);
        }
        taken[position++] = b;
        probability *= b ? p : 1.0 - p;
        return b;
    }
}
