package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m set [!] --match-set NAME src|dst[,src|dst…]} (libxt_set.c, revision 4; {@code --set} is the deprecated
 * spelling). {@code --return-nomatch}, {@code ! --update-counters}, {@code ! --update-subcounters} and the
 * {@code --packets-*}/{@code --bytes-*} comparisons are kept verbatim in {@link SetMatch#unmodeled()}.
 */
final class SetMatchParser extends MatchExtension {
    /** IPSET_DIM_MAX. */
    private static final int MAX_DIMENSIONS = 6;
    /** IPSET_MAXNAMELEN minus the terminating NUL. */
    private static final int MAX_NAME = 31;

    private String setName;
    private List<Side> directions;
    private boolean negated;
    private final List<String> unmodeled = new ArrayList<>();

    SetMatchParser(Token nameToken) {
        super("set", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--match-set", "--set" -> 2;
            case "--return-nomatch", "--update-counters", "--update-subcounters" -> 0;
            case "--packets-eq", "--packets-lt", "--packets-gt", "--bytes-eq", "--bytes-lt", "--bytes-gt" -> 1;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return switch (option) {
            case "--match-set", "--set", "--update-counters", "--update-subcounters", "--packets-eq", "--bytes-eq" -> true;
            default -> false;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        if (!o.name().equals("--match-set") && !o.name().equals("--set")) {
            unmodeled.addAll(o.verbatim());
            return;
        }
        if (setName != null) {
            throw scope.error(o.token(), "bad-option", "--match-set can be specified only once");
        }
        Token name = o.arg(0);
        Token dirs = o.arg(1);
        if (name.text().isEmpty() || name.text().length() > MAX_NAME) {
            throw scope.error(name, "bad-option-value", "an ipset name must be 1 to 31 characters");
        }
        if (dirs.looksLikeOption() || dirs.isBang()) {
            throw scope.error(dirs, "missing-argument", "--match-set requires two args: a set name and src/dst flags");
        }
        List<Side> sides = new ArrayList<>();
        for (String d : dirs.text().split(",", -1)) {
            switch (d) {
                case "src" -> sides.add(Side.SOURCE);
                case "dst" -> sides.add(Side.DESTINATION);
                default -> throw scope.error(dirs, "bad-option-value", "'" + d + "' is not 'src' or 'dst' in '" + dirs.text() + "'");
            }
        }
        if (sides.size() > MAX_DIMENSIONS) {
            throw scope.error(dirs, "bad-option-value", "too many dimensions in '" + dirs.text() + "' (at most 6)");
        }
        setName = name.text();
        directions = sides;
        negated = o.negated();
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (setName == null) {
            throw scope.error(nameToken, "missing-option", "the set match needs --match-set NAME src|dst");
        }
        return new SetMatch(setName, directions, negated, unmodeled);
    }
}
