package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.CtState;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Conntrack state lists as libxt_conntrack reads them ({@code conntrack_ps_states}: comma-separated, each a
 * case-insensitive prefix tried in the order INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED, SNAT, DNAT) and prints them
 * ({@code print_state}: bit order INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT, DNAT).
 */
final class CtStates {
    private CtStates() {
    }

    private static final List<CtState> PARSE_ORDER = List.of(CtState.INVALID, CtState.NEW, CtState.ESTABLISHED,
            CtState.RELATED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT);
    private static final List<CtState> PRINT_ORDER = List.of(CtState.INVALID, CtState.NEW, CtState.RELATED,
            CtState.ESTABLISHED, CtState.UNTRACKED, CtState.SNAT, CtState.DNAT);

    /** Parses a state list; {@code virtualStates} allows SNAT/DNAT (conntrack, not state). */
    static Set<CtState> parse(Token token, boolean virtualStates, LineScope scope) {
        Set<CtState> out = EnumSet.noneOf(CtState.class);
        for (String part : token.text().split(",", -1)) {
            CtState found = null;
            if (!part.isEmpty()) {
                for (CtState s : PARSE_ORDER) {
                    if (!virtualStates && (s == CtState.SNAT || s == CtState.DNAT)) {
                        continue;
                    }
                    if (s.name().length() >= part.length()
                            && s.name().substring(0, part.length()).equalsIgnoreCase(part)) {
                        found = s;
                        break;
                    }
                }
            }
            if (found == null) {
                throw scope.error(token, "bad-option-value", "bad state '" + part + "' in '" + token.text()
                        + "' (states: INVALID, NEW, ESTABLISHED, RELATED, UNTRACKED" + (virtualStates ? ", SNAT, DNAT" : "") + ")");
            }
            out.add(found);
        }
        return out;
    }

    /** The list as iptables-save prints it. */
    static String print(Set<CtState> states) {
        return PRINT_ORDER.stream().filter(states::contains).map(s -> s.name().toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
