package dev.kpsim.core.analysis.graph;

import dev.kpsim.core.net.Cidr;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sound reasoning over {@link Condition}s: {@link #implies} and {@link #disjoint} answer true only when that is
 * certain (a false answer means "not proven"). A condition holds when the packet's field is one of its values
 * (negated: none of them). Addresses reason by CIDR containment, ports by range containment, interfaces by
 * prefix wildcards; protocols, address types and marks by equality; conntrack states by set inclusion (DNAT and
 * SNAT are status bits a packet can have besides its state, so only NEW, ESTABLISHED, RELATED, INVALID and
 * UNTRACKED exclude each other). Probabilities and opaque conditions prove nothing.
 */
public final class ConditionLogic {
    private ConditionLogic() {
    }

    private static final Set<String> EXCLUSIVE_STATES = Set.of("NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED");

    /** True if every packet satisfying {@code a} also satisfies {@code b}. */
    public static boolean implies(Condition a, Condition b) {
        if (a.field() != b.field() || !reasonable(a) || !reasonable(b)) {
            return false;
        }
        if (!a.negated() && !b.negated()) {
            return a.values().stream().allMatch(x -> b.values().stream().anyMatch(y -> within(a.field(), x, y)));
        }
        if (!a.negated() && b.negated()) {
            return exclusiveValues(a) && exclusiveValues(b)
                    && a.values().stream().allMatch(x -> b.values().stream().allMatch(y -> apart(a.field(), x, y)));
        }
        if (a.negated() && b.negated()) {
            return b.values().stream().allMatch(y -> a.values().stream().anyMatch(x -> within(a.field(), y, x)));
        }
        return false;
    }

    /** True if no packet satisfies both {@code a} and {@code b}. */
    public static boolean disjoint(Condition a, Condition b) {
        if (a.field() != b.field() || !reasonable(a) || !reasonable(b)) {
            return false;
        }
        if (!a.negated() && !b.negated()) {
            return exclusiveValues(a) && exclusiveValues(b)
                    && a.values().stream().allMatch(x -> b.values().stream().allMatch(y -> apart(a.field(), x, y)));
        }
        if (a.negated() && b.negated()) {
            return false;
        }
        Condition pos = a.negated() ? b : a;
        Condition neg = a.negated() ? a : b;
        return pos.values().stream().allMatch(x -> neg.values().stream().anyMatch(y -> within(pos.field(), x, y)));
    }

    private static boolean reasonable(Condition c) {
        return c.field() != Condition.Field.OPAQUE && c.field() != Condition.Field.PROBABILITY && !c.values().isEmpty();
    }

    /** Whether a packet can satisfy only one value of the field at a time (true except for conntrack status bits). */
    private static boolean exclusiveValues(Condition c) {
        return c.field() != Condition.Field.CT_STATE
                || c.values().stream().allMatch(v -> EXCLUSIVE_STATES.contains(v.toUpperCase(Locale.ROOT)));
    }

    /** Every packet value matching {@code x} matches {@code y}. */
    static boolean within(Condition.Field f, String x, String y) {
        switch (f) {
            case SOURCE, DESTINATION -> {
                Optional<Cidr> a = Cidr.tryParse(x);
                Optional<Cidr> b = Cidr.tryParse(y);
                return a.isPresent() && b.isPresent() && a.get().family() == b.get().family()
                        && a.get().prefixLength() >= b.get().prefixLength() && b.get().contains(a.get().address());
            }
            case SOURCE_PORT, DESTINATION_PORT -> {
                int[] a = range(x);
                int[] b = range(y);
                return a != null && b != null && a[0] >= b[0] && a[1] <= b[1];
            }
            case IN_INTERFACE, OUT_INTERFACE -> {
                if (isWildcard(y)) {
                    String p = y.substring(0, y.length() - 1);
                    return stem(x).startsWith(p);
                }
                return !isWildcard(x) && x.equals(y);
            }
            default -> {
                return x.equalsIgnoreCase(y);
            }
        }
    }

    /** No packet value matches both {@code x} and {@code y}. */
    static boolean apart(Condition.Field f, String x, String y) {
        switch (f) {
            case SOURCE, DESTINATION -> {
                Optional<Cidr> a = Cidr.tryParse(x);
                Optional<Cidr> b = Cidr.tryParse(y);
                if (a.isEmpty() || b.isEmpty()) {
                    return false;
                }
                if (a.get().family() != b.get().family()) {
                    return true;
                }
                return !a.get().contains(b.get().address()) && !b.get().contains(a.get().address());
            }
            case SOURCE_PORT, DESTINATION_PORT -> {
                int[] a = range(x);
                int[] b = range(y);
                return a != null && b != null && (a[1] < b[0] || b[1] < a[0]);
            }
            case IN_INTERFACE, OUT_INTERFACE -> {
                String a = stem(x);
                String b = stem(y);
                return !(a.startsWith(b) && isWildcard(y)) && !(b.startsWith(a) && isWildcard(x)) && !x.equals(y);
            }
            case MARK -> {
                String[] a = x.split("/");
                String[] b = y.split("/");
                return a.length == 2 && b.length == 2 && a[1].equalsIgnoreCase(b[1]) && !a[0].equalsIgnoreCase(b[0]);
            }
            default -> {
                return !x.equalsIgnoreCase(y);
            }
        }
    }

    private static boolean isWildcard(String s) {
        return s.endsWith("+") || s.endsWith("*");
    }

    private static String stem(String s) {
        return isWildcard(s) ? s.substring(0, s.length() - 1) : s;
    }

    private static int[] range(String s) {
        try {
            int dash = s.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(s.trim());
                return new int[] {p, p};
            }
            return new int[] {Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim())};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** True if the conditions of one rule cannot all hold together; {@code pair} receives the two that clash. */
    public static Optional<List<Condition>> contradiction(List<Condition> conditions) {
        for (int i = 0; i < conditions.size(); i++) {
            for (int j = i + 1; j < conditions.size(); j++) {
                if (disjoint(conditions.get(i), conditions.get(j))) {
                    return Optional.of(List.of(conditions.get(i), conditions.get(j)));
                }
            }
        }
        return Optional.empty();
    }

    /** True if every packet matching all of {@code later} matches all of {@code earlier}. */
    public static boolean covers(List<Condition> earlier, List<Condition> later) {
        return earlier.stream().allMatch(e -> later.stream().anyMatch(l -> implies(l, e)));
    }
}
