package dev.kpsim.core.trace;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import java.util.List;

/**
 * One way a packet's journey can end, with its exact probability (for {@code outcomes}) or 1 (for a single
 * seeded {@code trace}).
 *
 * @param destination where the packet finally goes (after DNAT, else the original destination); null only when
 *                    dropped or rejected before any translation
 * @param masquerade  whether it leaves source-NATed / masqueraded
 * @param newSource   the source address after SNAT/MASQUERADE, or null when unknown or unchanged
 * @param uncertain   true if the path crossed a construct kpsim does not model
 * @param hops        the steps of this path, in order
 */
public record Outcome(double probability, Verdict verdict, HostPort destination, boolean masquerade, IpAddress newSource,
                      boolean uncertain, List<Step> hops) {
    public Outcome {
        hops = List.copyOf(hops);
    }

    /** True when two outcomes end the same way (verdict, destination, masquerade, uncertainty): they are merged. */
    public boolean sameEnd(Outcome o) {
        return verdict == o.verdict && java.util.Objects.equals(destination, o.destination)
                && masquerade == o.masquerade && uncertain == o.uncertain;
    }

    public Outcome withProbability(double p) {
        return new Outcome(p, verdict, destination, masquerade, newSource, uncertain, hops);
    }
}
