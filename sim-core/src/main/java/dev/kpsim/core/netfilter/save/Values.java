package dev.kpsim.core.netfilter.save;

import java.util.OptionalLong;

/** Number parsing as libxtables does it ({@code xtables_strtoul} with base 0: {@code 0x} hex, leading-zero octal, decimal). */
final class Values {
    private Values() {
    }

    /** The value of {@code text} if it is a whole unsigned number in C base-0 syntax not above {@code max}. */
    static OptionalLong unsigned(String text, long max) {
        if (text == null || text.isEmpty()) {
            return OptionalLong.empty();
        }
        int radix = 10;
        String digits = text;
        if (text.length() > 2 && (text.startsWith("0x") || text.startsWith("0X"))) {
            radix = 16;
            digits = text.substring(2);
        } else if (text.length() > 1 && text.charAt(0) == '0') {
            radix = 8;
            digits = text.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0) {
                return OptionalLong.empty();
            }
            value = value * radix + d;
            if (value > max) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(value);
    }

    /** A decimal-only unsigned number (counters, seconds): digits only, not above {@code max}. */
    static OptionalLong decimal(String text, long max) {
        if (text == null || text.isEmpty() || text.length() > 20) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            int d = c - '0';
            if (value > (max - d) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + d;
        }
        return OptionalLong.of(value);
    }

    /** {@code 0x%x} as C prints an unsigned 32-bit value. */
    static String hex(long value) {
        return "0x" + Long.toHexString(value & 0xFFFFFFFFL);
    }
}
