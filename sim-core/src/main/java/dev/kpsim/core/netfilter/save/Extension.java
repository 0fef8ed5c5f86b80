package dev.kpsim.core.netfilter.save;

/**
 * The option parser of one {@code -m} module or {@code -j} target while a rule is read, as an xtables extension's
 * option table and parse callback are in iptables. The rule reader asks {@link #arity} to route an option and to
 * collect its arguments, then hands it over with {@link #option}.
 */
abstract class Extension {
    /** {@link #arity} of an option this extension does not have. */
    static final int UNKNOWN = -2;
    /** {@link #arity} of an option whose arguments run up to the next option (unmodelled extensions). */
    static final int VARIABLE = -1;

    final String name;
    final Token nameToken;

    Extension(String name, Token nameToken) {
        this.name = name;
        this.nameToken = nameToken;
    }

    /** How many arguments {@code option} takes, or {@link #UNKNOWN}. */
    abstract int arity(String option);

    /** Whether {@code option} may be negated; a {@code !} on any other option is an error. */
    boolean invertible(String option) {
        return false;
    }

    /** Consumes one option (already routed here and with its arguments collected). */
    abstract void option(Option option, RuleFacts facts, LineScope scope);

    /** Rejects a negation the extension does not allow, with iptables' wording. */
    static void noNegation(Option o, LineScope scope) {
        if (o.negated()) {
            throw scope.error(o.token(), "bad-negation", "'!' is not allowed with " + o.name());
        }
    }

    /** Rejects a repeated option. */
    static void once(boolean alreadySeen, Option o, LineScope scope) {
        if (alreadySeen) {
            throw scope.error(o.token(), "bad-option", o.name() + " may be given only once");
        }
    }
}
