package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.restore.RestorePayload;

/**
 * Applies restore input on top of an existing ruleset, as running it through iptables-restore on a node that already
 * has rules does. This is how kpsim builds a realistic node: a base ruleset (from a real dump, with Docker's or a
 * CNI's chains) plus kube-proxy's payload and its jump rules.
 *
 * <p>With {@code --noflush} (what kube-proxy uses) a declared user chain ({@code :KUBE-SVC-… - [0:0]}) is created or
 * flushed, a declared built-in chain only gets its policy set, {@code -X} deletes, and every other chain is kept as it
 * was. Without it each {@code *table} block first empties its table. Tables the input names get all their built-in
 * chains, as the kernel has them.
 *
 * <p>O(base + input). Stateless and thread-safe; the base ruleset is not changed.
 */
public final class RulesetMerger {
    private RulesetMerger() {
    }

    /**
     * {@code iptables-restore --noflush} of the payload on top of {@code base}, then kube-proxy's jump rules
     * ({@link RestorePayload#builtinJumps()}) ensured at the top of their built-in chains: a missing jump is
     * inserted, a present one stays where it is, and the jumps end up in the payload's order.
     *
     * @param fileName the name diagnostics use for the payload (line numbers are those of {@link RestorePayload#render()})
     * @throws BadInputException if the payload is unusable or of another family than {@code base}
     */
    public static ParseResult merge(Ruleset base, RestorePayload payload, String fileName) {
        Diagnostics diagnostics = new Diagnostics();
        checkFamily(base, payload.family() == base.family(), fileName, diagnostics);
        ParseContext context = new ParseContext(base.family(), diagnostics);
        RulesetState state = RulesetState.of(base);
        new RestoreReader(state, context, fileName, true, true).read(IptablesParser.lines(payload));
        BuiltinJumps.apply(state, payload.builtinJumps(), context, fileName);
        diagnostics.throwIfErrors();
        return new ParseResult(state.toRuleset(), diagnostics.list());
    }

    /**
     * Applies restore text on top of {@code base}, with or without {@code --noflush}.
     *
     * @throws BadInputException if the text is unusable
     */
    public static ParseResult apply(Ruleset base, String restoreText, String fileName, boolean noflush) {
        Diagnostics diagnostics = new Diagnostics();
        ParseContext context = new ParseContext(base.family(), diagnostics);
        RulesetState state = RulesetState.of(base);
        new RestoreReader(state, context, fileName, noflush, true).read(IptablesParser.lines(restoreText));
        diagnostics.throwIfErrors();
        return new ParseResult(state.toRuleset(), diagnostics.list());
    }

    /**
     * The ruleset with an empty user chain {@code chain} in {@code table} if it has none, as {@code iptables -N}
     * through kube-proxy's {@code EnsureChain} leaves it (jump targets and {@code KUBE-PROXY-CANARY} chains made
     * outside the payload); the table is created with its built-in chains if missing. A chain that exists is left
     * alone.
     *
     * @throws IllegalArgumentException if {@code table} is not a netfilter table or {@code chain} is one of its
     *                                  built-in chains
     */
    public static Ruleset ensureChain(Ruleset ruleset, String table, String chain) {
        if (!RestoreReader.TABLES.contains(table)) {
            throw new IllegalArgumentException("unknown table '" + table + "'");
        }
        if (Table.builtinChains(table).contains(chain)) {
            throw new IllegalArgumentException(chain + " is a built-in chain of table " + table);
        }
        if (ruleset.chain(table, chain).isPresent()) {
            return ruleset;
        }
        RulesetState state = RulesetState.of(ruleset);
        state.table(table, true).chains.put(chain, new ChainState(chain, null, Counters.ZERO));
        return state.toRuleset();
    }

    private static void checkFamily(Ruleset base, boolean same, String fileName, Diagnostics diagnostics) {
        if (!same) {
            diagnostics.add(Diagnostic.error(SourceLocation.ofFile(fileName), "family-mismatch",
                    "the payload and the base ruleset are of different IP families"));
            throw new BadInputException(diagnostics.list());
        }
    }
}
