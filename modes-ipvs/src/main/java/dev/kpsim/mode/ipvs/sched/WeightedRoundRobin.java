package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * {@code wrr} ({@code net/netfilter/ipvs/ip_vs_wrr.c}): a cursor {@code cl}, the current weight {@code cw}, the
 * step {@code di} (gcd of the positive weights, 1 if none) and {@code mw} (maximum weight minus {@code di - 1}).
 * A schedule takes the next destination after the cursor whose weight is at least {@code cw}; at the list end
 * {@code cw} drops by {@code di} and the walk restarts from the head; below 1 it restarts at {@code mw}. Every
 * add, delete or update resets the cursor to the head and re-derives {@code di}/{@code mw}, keeping {@code cw}
 * when it still fits ({@code ip_vs_wrr_dest_changed}). Reproduced statement for statement, including the
 * "last pass" stop rule. O(destinations × mw/di) worst case per schedule.
 */
public final class WeightedRoundRobin implements Scheduler {
    private static final int HEAD = -1;
    private Destination cl;
    private int cw;
    private int mw;
    private int di;

    @Override
    public String name() {
        return "wrr";
    }

    /** What a schedule changes: the cursor and the current weight. */
    private record Position(Destination cl, int cw) {
    }

    @Override
    public Object checkpoint() {
        return new Position(cl, cw);
    }

    @Override
    public void rollback(Object checkpoint) {
        Position p = (Position) checkpoint;
        cl = p.cl();
        cw = p.cw();
    }

    /** The current weight {@code cw} (exposed for tests and traces). */
    public int currentWeight() {
        return cw;
    }

    @Override
    public void init(List<Destination> dests) {
        cl = null;
        di = gcdWeight(dests);
        mw = maxWeight(dests) - (di - 1);
        cw = mw;
    }

    private void changed(List<Destination> dests) {
        cl = null;
        di = gcdWeight(dests);
        mw = maxWeight(dests) - (di - 1);
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }

    @Override
    public void added(List<Destination> dests, Destination d) {
        changed(dests);
    }

    @Override
    public void deleted(List<Destination> dests, Destination d, int formerIndex) {
        changed(dests);
    }

    @Override
    public void updated(List<Destination> dests, Destination d) {
        changed(dests);
    }

    private static int gcdWeight(List<Destination> dests) {
        int g = 0;
        for (Destination d : dests) {
            if (d.weight > 0) {
                g = g > 0 ? KernelHash.gcd(d.weight, g) : d.weight;
            }
        }
        return g != 0 ? g : 1;
    }

    private static int maxWeight(List<Destination> dests) {
        int w = 0;
        for (Destination d : dests) {
            if (d.weight > w) {
                w = d.weight;
            }
        }
        return w;
    }

    @Override
    public Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request) {
        int dest = cl == null ? HEAD : dests.indexOf(cl);
        if (mw == 0) {
            return Optional.empty();
        }
        int last = dest;
        int stop = Integer.MIN_VALUE;
        boolean lastPass = false;
        boolean restarted = false;
        while (true) {
            for (int i = dest + 1; i < dests.size(); i++) {
                Destination d = dests.get(i);
                if (!d.overloaded && d.weight >= cw) {
                    cl = d;
                    return Optional.of(d);
                }
                if (i == stop) {
                    cl = d;
                    return Optional.empty();
                }
            }
            dest = HEAD;
            cw -= di;
            if (cw <= 0) {
                cw = mw;
                if (lastPass || last == HEAD) {
                    cl = null;
                    return Optional.empty();
                }
                restarted = true;
            }
            lastPass = cw <= di;
            if (lastPass && restarted && last != HEAD) {
                stop = last;
            }
        }
    }
}
