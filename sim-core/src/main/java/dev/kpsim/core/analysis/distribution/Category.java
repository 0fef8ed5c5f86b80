package dev.kpsim.core.analysis.distribution;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import java.util.Comparator;

/**
 * Where a connection ended, for counting: an endpoint ({@code ACCEPT} to {@code ip:port}), or a drop / reject
 * (with the translated destination if there was one). Masquerading does not split a category.
 */
public record Category(Verdict verdict, HostPort destination) implements Comparable<Category> {

    public static Category of(Outcome o) {
        return new Category(o.verdict(), o.destination());
    }

    /** {@code 10.244.1.7:9376}, {@code DROP}, {@code REJECT}, or {@code DROP 10.244.1.7:9376} after a DNAT. */
    public String label() {
        if (verdict == Verdict.ACCEPT) {
            return String.valueOf(destination);
        }
        return destination == null ? verdict.name() : verdict.name() + " " + destination;
    }

    private static final Comparator<Category> ORDER = Comparator
            .comparing(Category::verdict)
            .thenComparing(Category::destination, Comparator.nullsLast(
                    Comparator.comparing(HostPort::ip).thenComparingInt(HostPort::port)));

    /** Endpoints first (by address, then port), then drops, then rejects. */
    @Override
    public int compareTo(Category o) {
        return ORDER.compare(this, o);
    }
}
