package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.RecentMatch;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * {@code -m recent} (libxt_recent.c, revision 1): exactly one of {@code [!] --set|--rcheck|--update|--remove},
 * {@code --seconds N}, {@code --reap} (needs {@code --seconds}), {@code --hitcount N}, {@code --rttl} (not with
 * set/remove), {@code --name NAME} (default {@code DEFAULT}), {@code --rsource} (default) / {@code --rdest},
 * {@code --mask ADDR} (default all ones).
 */
final class RecentMatchParser extends MatchExtension {
    /** XT_RECENT_NAME_LEN minus the terminating NUL. */
    private static final int MAX_NAME = 199;

    private RecentMatch.Mode mode;
    private boolean negated;
    private Integer seconds;
    private boolean reap;
    private Token reapToken;
    private Integer hitcount;
    private boolean rttl;
    private Token rttlToken;
    private String listName;
    private String mask;
    private boolean source = true;

    RecentMatchParser(Token nameToken) {
        super("recent", nameToken);
    }

    /** The default {@code --mask} of a family, as iptables-save prints it. */
    static String defaultMask(IpFamily family) {
        return family == IpFamily.IPV4 ? "255.255.255.255" : "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--set", "--rcheck", "--update", "--remove", "--reap", "--rttl", "--rsource", "--rdest" -> 0;
            case "--seconds", "--hitcount", "--name", "--mask" -> 1;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return switch (option) {
            case "--set", "--rcheck", "--update", "--remove" -> true;
            default -> false;
        };
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        switch (o.name()) {
            case "--set", "--rcheck", "--update", "--remove" -> {
                if (mode != null) {
                    throw scope.error(o.token(), "bad-option", "recent takes only one of --set, --rcheck, --update and --remove");
                }
                mode = RecentMatch.Mode.valueOf(o.name().substring(2).toUpperCase(Locale.ROOT));
                negated = o.negated();
            }
            case "--seconds" -> {
                once(seconds != null, o, scope);
                seconds = number(o, 1, scope);
            }
            case "--hitcount" -> {
                once(hitcount != null, o, scope);
                hitcount = number(o, 0, scope);
            }
            case "--reap" -> {
                reap = true;
                reapToken = o.token();
            }
            case "--rttl" -> {
                rttl = true;
                rttlToken = o.token();
            }
            case "--name" -> {
                once(listName != null, o, scope);
                if (o.arg(0).text().isEmpty() || o.arg(0).text().length() > MAX_NAME) {
                    throw scope.error(o.arg(0), "bad-option-value", "a recent list name must be 1 to 199 characters");
                }
                listName = o.arg(0).text();
            }
            case "--mask" -> {
                once(mask != null, o, scope);
                Addresses.parseHost(o.arg(0).text(), o.arg(0), facts.family(), scope);
                mask = o.arg(0).text();
            }
            case "--rsource" -> source = true;
            default -> source = false;
        }
    }

    private static int number(Option o, int min, LineScope scope) {
        OptionalLong v = Values.unsigned(o.arg(0).text(), Integer.MAX_VALUE);
        if (v.isEmpty() || v.getAsLong() < min) {
            throw scope.error(o.arg(0), "bad-number", o.name() + " needs a whole number"
                    + (min > 0 ? " of at least " + min : ""));
        }
        return (int) v.getAsLong();
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (mode == null) {
            throw scope.error(nameToken, "missing-option", "recent: you must specify one of --set, --rcheck, --update or --remove");
        }
        if (reap && seconds == null) {
            throw scope.error(reapToken, "missing-option", "recent: --reap needs --seconds");
        }
        if (rttl && (mode == RecentMatch.Mode.SET || mode == RecentMatch.Mode.REMOVE)) {
            throw scope.error(rttlToken, "bad-option", "recent: --rttl cannot be used with --set or --remove");
        }
        return new RecentMatch(mode, listName == null ? RecentMatch.DEFAULT_NAME : listName, seconds, reap, hitcount, rttl,
                mask == null ? defaultMask(facts.family()) : mask, source, negated);
    }
}
