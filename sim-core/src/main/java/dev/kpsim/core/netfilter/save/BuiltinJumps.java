package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestorePayload.BuiltinJump;
import dev.kpsim.core.netfilter.target.JumpTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts kube-proxy's jump rules into the built-in chains as {@code EnsureRule(Prepend, …)} does
 * (pkg/util/iptables: {@code iptables -C}, then {@code iptables -I CHAIN 1} if absent), so that the jumps end up as the
 * first rules in the order {@link dev.kpsim.core.netfilter.restore.RestorePayload#builtinJumps()} lists them, above
 * whatever the chain held (Docker's, a CNI's), and a jump that is already present anywhere in the chain stays where
 * it is. Each rule gets {@code Provenance.fixed("jump")}.
 */
final class BuiltinJumps {
    private BuiltinJumps() {
    }

    /** Applies {@code jumps}; locations are {@code FILE#jumps:N:COL} with N the jump's 1-based index. */
    static void apply(RulesetState state, List<BuiltinJump> jumps, ParseContext context, String file) {
        String where = file + "#jumps";
        List<Rule> rules = new ArrayList<>(jumps.size());
        for (int k = 0; k < jumps.size(); k++) {
            BuiltinJump j = jumps.get(k);
            LineScope scope = new LineScope(context, where, k + 1);
            try {
                rules.add(parse(state, j, scope));
            } catch (LineError e) {
                context.diagnostics().add(e.diagnostic());
                rules.add(null);
            }
        }
        for (int k = jumps.size() - 1; k >= 0; k--) {
            Rule r = rules.get(k);
            if (r == null) {
                continue;
            }
            BuiltinJump j = jumps.get(k);
            TableState table = state.table(j.table(), true);
            ChainState chain = table.chain(j.chain());
            boolean present = chain.rules.stream().anyMatch(e -> KernelCanonicalizer.sameEntry(e, r, state.family));
            if (!present) {
                table.add(chain, 0, r);
            }
        }
    }

    private static Rule parse(RulesetState state, BuiltinJump j, LineScope scope) {
        if (!RestoreReader.TABLES.contains(j.table())) {
            throw scope.error(1, "unknown-table", "unknown table '" + j.table() + "'");
        }
        TableState table = state.table(j.table(), true);
        ChainState chain = table.chain(j.chain());
        if (chain == null || chain.policy == null) {
            throw scope.error(1, "builtin-chain", j.chain() + " is not a built-in chain of table " + j.table());
        }
        List<Token> tokens = LineTokenizer.tokenize(j.args(), 0, scope);
        RuleSpec spec = RuleSpecParser.parse(tokens, 0, j.table(), scope);
        if (spec.variants().size() != 1) {
            throw scope.error(1, "bad-syntax", "a built-in jump must be one rule (one source and one destination)");
        }
        if (spec.target() instanceof JumpTarget t && table.chain(t.chain()) == null) {
            scope.warning(spec.targetToken(), "undeclared-chain", "-j " + t.chain() + ": no chain " + t.chain()
                    + " exists in table " + j.table() + "; kept as a jump to a missing chain");
        }
        return new Rule(spec.variants().get(0), spec.target(), j.args(), spec.counters(), Provenance.fixed("jump"),
                new SourceLocation(scope.file(), scope.line(), 1));
    }
}
