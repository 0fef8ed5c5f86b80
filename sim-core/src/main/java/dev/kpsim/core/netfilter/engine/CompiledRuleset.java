package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@link Ruleset} prepared for fast packet evaluation: tables in kernel order, chains and jump targets resolved to
 * ids, matches pre-digested, and — for chains with at least {@code indexThreshold} rules of which at most half are
 * left unindexed — a {@link ChainIndex} from (destination address) and (protocol, destination port) to candidate
 * rules (threshold 0 indexes every chain). The index preserves first-match
 * semantics exactly; with the threshold at {@link Integer#MAX_VALUE} nothing is indexed and the walk is the linear
 * reference interpreter, which mirrors the kernel's {@code ipt_do_table} ({@code net/ipv4/netfilter/ip_tables.c}).
 *
 * <p>Compilation refuses what the kernel refuses: a jump to a built-in chain and a loop of jumps. A jump to a chain
 * that is not in the ruleset (a {@code --noflush} payload may rely on chains already in the kernel) is reported as
 * unsupported; at run time that chain counts as empty and the outcome as uncertain. Immutable and safe to share
 * between threads.
 */
public final class CompiledRuleset {
    /** Chains with at least this many rules get an index by default. */
    public static final int DEFAULT_INDEX_THRESHOLD = 8;

    /** Table ids, in the order the kernel registers them at each hook (raw, mangle, nat, filter, security). */
    static final String[] TABLE_NAMES = {"raw", "mangle", "nat", "filter", "security"};
    static final int RAW = 0;
    static final int MANGLE = 1;
    static final int NAT = 2;
    static final int FILTER = 3;
    static final int SECURITY = 4;

    private final Ruleset source;
    private final CompiledTable[] tables = new CompiledTable[TABLE_NAMES.length];
    private final int indexThreshold;
    private final int maxChains;
    private final List<Diagnostic> unsupported;

    private CompiledRuleset(Ruleset source, int indexThreshold) {
        this.source = source;
        this.indexThreshold = indexThreshold;
        Diagnostics diags = new Diagnostics();
        Map<String, Diagnostic> unknown = new LinkedHashMap<>();
        int max = 1;
        for (Table t : source.tables()) {
            int id = tableId(t.name());
            if (id < 0) {
                diags.unsupported(null, "unmodeled-table", "table " + t.name() + " is not on any hook kpsim models; ignored");
                continue;
            }
            tables[id] = compileTable(t, diags, unknown);
            max = Math.max(max, tables[id].chains.length + 1);
        }
        diags.throwIfErrors();
        this.maxChains = max;
        List<Diagnostic> u = new ArrayList<>(diags.list());
        u.addAll(unknown.values());
        this.unsupported = List.copyOf(u);
    }

    /** Compiles with the default index threshold (the fast path). */
    public static CompiledRuleset compile(Ruleset ruleset) {
        return new CompiledRuleset(ruleset, DEFAULT_INDEX_THRESHOLD);
    }

    /** Compiles, indexing chains with at least {@code indexThreshold} rules (0 indexes every chain). */
    public static CompiledRuleset compile(Ruleset ruleset, int indexThreshold) {
        return new CompiledRuleset(ruleset, indexThreshold);
    }

    /** The reference form: no index, every chain walked rule by rule as the kernel does. */
    public static CompiledRuleset linear(Ruleset ruleset) {
        return new CompiledRuleset(ruleset, Integer.MAX_VALUE);
    }

    public Ruleset source() {
        return source;
    }

    public IpFamily family() {
        return source.family();
    }

    /** True when no chain is indexed. */
    public boolean isLinear() {
        return indexThreshold == Integer.MAX_VALUE;
    }

    /**
     * Matches, targets and tables kpsim keeps but does not model, one diagnostic per module or target name (at its
     * first use), severity UNSUPPORTED, code {@code unmodeled-match} / {@code unmodeled-target} / {@code unmodeled-table}.
     */
    public List<Diagnostic> unsupported() {
        return unsupported;
    }

    CompiledTable table(int id) {
        return tables[id];
    }

    int maxChainDepth() {
        return maxChains;
    }

    static int tableId(String name) {
        for (int i = 0; i < TABLE_NAMES.length; i++) {
            if (TABLE_NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private CompiledTable compileTable(Table t, Diagnostics diags, Map<String, Diagnostic> unknown) {
        Map<String, Integer> ids = new HashMap<>();
        CompiledChain[] chains = new CompiledChain[t.chains().size()];
        for (int i = 0; i < chains.length; i++) {
            ids.put(t.chains().get(i).name(), i);
        }
        for (int i = 0; i < chains.length; i++) {
            Chain c = t.chains().get(i);
            CompiledRule[] rules = new CompiledRule[c.rules().size()];
            for (int k = 0; k < rules.length; k++) {
                Rule r = c.rules().get(k);
                rules[k] = new CompiledRule(r, t.name(), c.name(), k + 1, source.family());
                noteUnknown(r, unknown);
                JumpTarget j = rules[k].jump();
                if (j != null) {
                    Integer target = ids.get(j.chain());
                    if (target == null) {
                        diags.unsupported(r.location(), "unknown-chain", "rule " + (k + 1) + " of " + t.name() + ":"
                                + c.name() + " jumps to chain " + j.chain() + ", which is not in table " + t.name()
                                + "; it is treated as an empty chain and outcomes through it are marked uncertain");
                    } else if (t.chains().get(target).isBuiltin()) {
                        diags.error(r.location(), "jump-to-builtin", "rule " + (k + 1) + " of " + t.name() + ":" + c.name()
                                + " jumps to built-in chain " + j.chain() + ", which the kernel refuses");
                    } else {
                        rules[k].jumpChain = target;
                    }
                }
            }
            chains[i] = new CompiledChain(c.name(), c.policy(), rules, indexThreshold != Integer.MAX_VALUE);
            if (rules.length >= indexThreshold) {
                ChainIndex ix = ChainIndex.build(rules);
                // an index only pays when it leaves most rules out (KUBE-SVC chains are mostly statistic rules)
                if (indexThreshold == 0 || ix.fallback.length * 2 <= rules.length) {
                    chains[i].index = ix;
                }
            }
        }
        if (!diags.hasErrors()) {
            checkLoops(t, chains, diags);
        }
        return new CompiledTable(t.name(), chains, ids, indexThreshold != Integer.MAX_VALUE);
    }

    private static void noteUnknown(Rule r, Map<String, Diagnostic> unknown) {
        for (Match m : r.matches()) {
            if (m instanceof UnknownMatch u) {
                unknown.computeIfAbsent("m:" + u.module(), k -> Diagnostic.unsupported(r.location(), "unmodeled-match",
                        "match module '" + u.module() + "' is not modeled; rules using it are evaluated both ways and "
                                + "their outcomes marked uncertain"));
            }
        }
        if (r.target() instanceof UnknownTarget u) {
            unknown.computeIfAbsent("j:" + u.name(), k -> Diagnostic.unsupported(r.location(), "unmodeled-target",
                    "target '" + u.name() + "' is not modeled; it is assumed either to continue or to accept, and "
                            + "outcomes that depend on it are marked uncertain"));
        }
    }

    /** Kernel's mark_source_chains: a jump path may not come back to a chain already on it. */
    private static void checkLoops(Table t, CompiledChain[] chains, Diagnostics diags) {
        int n = chains.length;
        int[] color = new int[n];
        for (int start = 0; start < n; start++) {
            if (color[start] == 0 && dfsFindsLoop(start, chains, color)) {
                TreeSet<String> names = new TreeSet<>();
                for (int i = 0; i < n; i++) {
                    if (color[i] == 1) {
                        names.add(chains[i].name);
                    }
                }
                diags.error(null, "chain-loop", "table " + t.name() + " has a loop of jumps through " + String.join(", ", names)
                        + "; the kernel refuses such a ruleset");
                return;
            }
        }
    }

    private static boolean dfsFindsLoop(int c, CompiledChain[] chains, int[] color) {
        color[c] = 1;
        for (CompiledRule r : chains[c].rules) {
            int j = r.jumpChain;
            if (j < 0) {
                continue;
            }
            if (color[j] == 1) {
                return true;
            }
            if (color[j] == 0 && dfsFindsLoop(j, chains, color)) {
                return true;
            }
        }
        color[c] = 2;
        return false;
    }
}
