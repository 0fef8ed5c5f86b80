package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code -m conntrack} (libxt_conntrack.c, revision 3): {@code [!] --ctstate}, {@code [!] --ctorigdst},
 * {@code [!] --ctorigdstport} are modelled; {@code --ctproto}, {@code --ctorigsrc}, {@code --ctreplsrc},
 * {@code --ctrepldst}, the other port options, {@code --ctstatus}, {@code --ctexpire} and {@code --ctdir} are kept
 * verbatim in {@link ConntrackMatch#unmodeled()}.
 */
final class ConntrackMatchParser extends MatchExtension {
    /** The options in the order conntrack_dump prints them. */
    static final List<String> PRINT_ORDER = List.of("--ctstate", "--ctproto", "--ctorigsrc", "--ctorigdst",
            "--ctreplsrc", "--ctrepldst", "--ctorigsrcport", "--ctorigdstport", "--ctreplsrcport", "--ctrepldstport",
            "--ctstatus", "--ctexpire", "--ctdir");

    private Set<CtState> states;
    private boolean statesNegated;
    private Cidr origDst;
    private boolean origDstNegated;
    private PortRange origDstPort;
    private final List<String> seen = new ArrayList<>();
    private final List<String> unmodeled = new ArrayList<>();

    ConntrackMatchParser(Token nameToken) {
        super("conntrack", nameToken);
    }

    @Override
    int arity(String option) {
        return PRINT_ORDER.contains(option) ? 1 : UNKNOWN;
    }

    @Override
    boolean invertible(String option) {
        return !option.equals("--ctdir");
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        once(seen.contains(o.name()), o, scope);
        seen.add(o.name());
        switch (o.name()) {
            case "--ctstate" -> {
                states = CtStates.parse(o.arg(0), true, scope);
                statesNegated = o.negated();
            }
            case "--ctorigdst" -> {
                origDst = Addresses.parse(o.arg(0).text(), o.arg(0), facts.family(), scope);
                origDstNegated = o.negated();
            }
            case "--ctorigdstport" -> origDstPort = Ports.range(o.arg(0), o.negated(), scope);
            default -> unmodeled.addAll(o.verbatim());
        }
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (seen.isEmpty()) {
            throw scope.error(nameToken, "missing-option", "conntrack: at least one option is required");
        }
        return new ConntrackMatch(states, statesNegated, origDst, origDstNegated, origDstPort, unmodeled);
    }
}
