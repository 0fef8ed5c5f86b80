package dev.kpsim.mode.nftables.model;

import java.util.Optional;

/**
 * A base chain priority as a number, with nft's symbolic names. Lower runs first at a hook.
 *
 * <p>Names (nftables {@code src/rule.c} {@code std_prios}): raw -300, mangle -150, dstnat -100, filter 0,
 * security 50, srcnat 100. {@link #listText} reproduces {@code prio2str} of nft 1.0.6: a value within 10 of a standard
 * priority prints as {@code name}, {@code name + N} or {@code name - N} when that name is valid for the family and
 * hook ({@code dstnat} only on prerouting, {@code srcnat} only on postrouting), otherwise as a plain number.
 * knftables writes the number ({@code priority -110 ;}), which is what {@link #inputText} gives.
 */
public record Priority(int value) implements Comparable<Priority> {

    private static final String[] NAMES = {"raw", "mangle", "dstnat", "filter", "security", "srcnat"};
    private static final int[] VALUES = {-300, -150, -100, 0, 50, 100};
    private static final int REACH = 10;

    /** The value of a standard name, if it is one. */
    public static Optional<Integer> standard(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return Optional.of(VALUES[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses {@code -110}, {@code filter}, {@code dstnat - 10}, {@code dstnat-10} or {@code srcnat + 10}; empty if the
     * text is none of these.
     */
    public static Optional<Priority> parse(String text) {
        String t = text.replace(" ", "");
        if (t.matches("[+-]?\\d+")) {
            return Optional.of(new Priority(Integer.parseInt(t)));
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z]+)(?:([+-])(\\d+))?").matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        Optional<Integer> base = standard(m.group(1));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        int offset = m.group(2) == null ? 0 : Integer.parseInt(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
        return Optional.of(new Priority(base.get() + offset));
    }

    private static boolean compatible(int std, NftFamily family, NftHook hook) {
        switch (family) {
            case IP, IP6, INET, ARP, BRIDGE -> {
            }
            default -> {
                return std == 0;
            }
        }
        if (std == -100) {
            return hook == NftHook.PREROUTING;
        }
        if (std == 100) {
            return hook == NftHook.POSTROUTING;
        }
        return true;
    }

    /** The priority as {@code nft list} (nft 1.0.6) prints it for a chain of {@code family} at {@code hook}. */
    public String listText(NftFamily family, NftHook hook) {
        if (family != NftFamily.BRIDGE) {
            for (int i = 0; i < NAMES.length; i++) {
                if (Math.abs(value - VALUES[i]) <= REACH) {
                    if (!compatible(VALUES[i], family, hook)) {
                        break;
                    }
                    int offset = value - VALUES[i];
                    return offset > 0 ? NAMES[i] + " + " + offset : offset < 0 ? NAMES[i] + " - " + (-offset) : NAMES[i];
                }
            }
        }
        return Integer.toString(value);
    }

    /** The number, as knftables writes it. */
    public String inputText() {
        return Integer.toString(value);
    }

    @Override
    public int compareTo(Priority o) {
        return Integer.compare(value, o.value);
    }
}
