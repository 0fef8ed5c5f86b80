package dev.kpsim.core.analysis.graph;

import java.util.List;

/**
 * One condition of a rule in a mode-neutral form, for reasoning about which rules can match (lint): a field, the
 * values it is tested against (a union: the packet's field is one of them), and negation. What kpsim cannot reason
 * about is {@link Field#OPAQUE}: it restricts the rule but never proves anything.
 *
 * @param values CIDRs for addresses; {@code N} or {@code N-M} for ports; names for protocols, interfaces (a trailing
 *               {@code +} or {@code *} is a prefix wildcard), address types and conntrack states; {@code value/mask}
 *               for marks; the probability for {@link Field#PROBABILITY}
 * @param text   how the condition is written, for messages
 */
public record Condition(Field field, boolean negated, List<String> values, String text) {

    /** What a condition tests. */
    public enum Field {
        SOURCE, DESTINATION, PROTOCOL, SOURCE_PORT, DESTINATION_PORT, IN_INTERFACE, OUT_INTERFACE, MARK, CT_STATE,
        SOURCE_TYPE, DESTINATION_TYPE, PROBABILITY, OPAQUE
    }

    public Condition {
        values = List.copyOf(values);
    }

    public static Condition of(Field field, boolean negated, String value, String text) {
        return new Condition(field, negated, List.of(value), text);
    }

    public static Condition opaque(String text) {
        return new Condition(Field.OPAQUE, false, List.of(), text);
    }
}
