package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.NfacctMatch;

/** {@code -m nfacct --nfacct-name NAME} (libxt_nfacct.c): counts into a named accounting object; never negated. */
final class NfacctMatchParser extends MatchExtension {
    /** NFACCT_NAME_MAX minus the terminating NUL. */
    private static final int MAX_NAME = 31;
    private String accountName;

    NfacctMatchParser(Token nameToken) {
        super("nfacct", nameToken);
    }

    @Override
    int arity(String option) {
        return option.equals("--nfacct-name") ? 1 : UNKNOWN;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        once(accountName != null, o, scope);
        String n = o.arg(0).text();
        if (n.isEmpty() || n.length() > MAX_NAME) {
            throw scope.error(o.arg(0), "bad-option-value", "an nfacct name must be 1 to 31 characters");
        }
        accountName = n;
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (accountName == null) {
            throw scope.error(nameToken, "missing-option", "the nfacct match needs --nfacct-name");
        }
        return new NfacctMatch(accountName);
    }
}
