package dev.kpsim.core.netfilter.save;

import java.util.OptionalLong;

/** {@code VALUE[/MASK]} of 32-bit marks as libxtables' {@code xtables_parse_mark_mask} reads them (C base 0). */
final class MarkValues {
    private MarkValues() {
    }

    /** Value and mask; the mask is -1 when not written. */
    record ValueMask(long value, long mask) {
        long maskOr(long dflt) {
            return mask < 0 ? dflt : mask;
        }
    }

    static ValueMask parse(Token token, boolean maskAllowed, LineScope scope) {
        String text = token.text();
        int slash = text.indexOf('/');
        String v = slash < 0 ? text : text.substring(0, slash);
        OptionalLong value = Values.unsigned(v, 0xFFFFFFFFL);
        if (value.isEmpty()) {
            throw scope.error(token, "bad-number", "'" + v + "' is not a 32-bit mark value");
        }
        if (slash < 0) {
            return new ValueMask(value.getAsLong(), -1);
        }
        if (!maskAllowed) {
            throw scope.error(token, "bad-number", "no mask is allowed here: '" + text + "'");
        }
        OptionalLong mask = Values.unsigned(text.substring(slash + 1), 0xFFFFFFFFL);
        if (mask.isEmpty()) {
            throw scope.error(token, "bad-number", "'" + text.substring(slash + 1) + "' is not a 32-bit mark mask");
        }
        return new ValueMask(value.getAsLong(), mask.getAsLong());
    }
}
