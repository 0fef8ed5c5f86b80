package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where new connections from one client to one frontend end, with exact probabilities, summarised from a
 * simulator's {@code outcomes}: each endpoint reached (DNAT), passing untranslated, dropped or rejected, each with
 * whether it is masqueraded. Shares of equal ends are merged; order is fixed (endpoints in kube-proxy's string order,
 * then pass, drop, reject), so two deliveries compare by {@link #equals}.
 *
 * @param shares    the distinct ends
 * @param uncertain true if any path met a construct kpsim does not model
 */
public record Delivery(List<Share> shares, boolean uncertain) {

    public Delivery {
        shares = List.copyOf(shares);
    }

    /** How a share ends. */
    public enum End { ENDPOINT, PASS, DROP, REJECT }

    /**
     * One end with its probability; {@code destination} is the endpoint (null for DROP / REJECT before DNAT),
     * {@code newSource} the source after MASQUERADE/SNAT when known.
     */
    public record Share(End end, HostPort destination, double probability, boolean masquerade, IpAddress newSource) {

        /** {@code 10.244.1.7:9376}, {@code untranslated}, {@code DROP}, {@code REJECT}. */
        public String target() {
            return switch (end) {
                case ENDPOINT -> destination.toString();
                case PASS -> "untranslated";
                case DROP -> "DROP";
                case REJECT -> "REJECT";
            };
        }

        /** The same end ignoring probability and masquerade. */
        public String key() {
            return end + " " + (destination == null ? "" : destination);
        }
    }

    /** Summarises {@code outcomes} of connections to {@code frontend}. */
    public static Delivery of(HostPort frontend, List<Outcome> outcomes) {
        List<Share> merged = new ArrayList<>();
        boolean uncertain = false;
        for (Outcome o : outcomes) {
            uncertain |= o.uncertain();
            End end = switch (o.verdict()) {
                case DROP -> End.DROP;
                case REJECT -> End.REJECT;
                case ACCEPT -> o.destination() == null || o.destination().equals(frontend) ? End.PASS : End.ENDPOINT;
            };
            HostPort dest = end == End.DROP || end == End.REJECT ? null : o.destination();
            int found = -1;
            for (int k = 0; k < merged.size(); k++) {
                Share s = merged.get(k);
                if (s.end() == end && Objects.equals(s.destination(), dest) && s.masquerade() == o.masquerade()) {
                    found = k;
                }
            }
            if (found >= 0) {
                Share s = merged.get(found);
                merged.set(found, new Share(end, dest, s.probability() + o.probability(), s.masquerade(),
                        s.newSource() != null ? s.newSource() : o.newSource()));
            } else {
                merged.add(new Share(end, dest, o.probability(), o.masquerade(), o.masquerade() ? o.newSource() : null));
            }
        }
        merged.sort(Comparator.comparing((Share s) -> s.end().ordinal())
                .thenComparing(s -> s.destination() == null ? "" : s.destination().toString())
                .thenComparing(Share::masquerade));
        return new Delivery(merged, uncertain);
    }

    /** The endpoints reached, in kube-proxy's string order, without duplicates. */
    public List<HostPort> endpoints() {
        return shares.stream().filter(s -> s.end() == End.ENDPOINT).map(Share::destination).distinct().toList();
    }

    /** Total probability of one end kind. */
    public double probability(End end) {
        return shares.stream().filter(s -> s.end() == end).mapToDouble(Share::probability).sum();
    }

    /** True when every connection ends one way (all DROP, all REJECT...). */
    public boolean only(End end) {
        return !shares.isEmpty() && shares.stream().allMatch(s -> s.end() == end);
    }

    /** The end set, ignoring probabilities and masquerade: what "reachable" means. */
    public List<String> ends() {
        return shares.stream().map(Share::key).distinct().toList();
    }

    /** {@code 10.244.1.7:9376 33.3%, 10.244.2.3:9376 66.7% (masquerade)}. */
    public String summary() {
        return summary(1);
    }

    /** The summary with shares printed to {@code decimals} decimals of a percent. */
    public String summary(int decimals) {
        if (shares.isEmpty()) {
            return "no outcome";
        }
        StringBuilder sb = new StringBuilder();
        for (Share s : shares) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.target());
            if (shares.size() > 1) {
                sb.append(' ').append(percent(s.probability(), decimals));
            }
            if (s.masquerade()) {
                sb.append(" (masquerade").append(s.newSource() != null ? " to " + s.newSource() : "").append(')');
            }
        }
        if (uncertain) {
            sb.append(" [uncertain]");
        }
        return sb.toString();
    }

    /** {@code 33.3%}. */
    public static String percent(double p) {
        return percent(p, 1);
    }

    /** {@code 33.33333%} with {@code decimals} decimals. */
    public static String percent(double p, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f%%", p * 100);
    }

    /** True if the verdict of every share equals {@code v} (ENDPOINT/PASS count as ACCEPT). */
    public boolean all(Verdict v) {
        return shares.stream().allMatch(s -> switch (s.end()) {
            case ENDPOINT, PASS -> v == Verdict.ACCEPT;
            case DROP -> v == Verdict.DROP;
            case REJECT -> v == Verdict.REJECT;
        });
    }
}
