package dev.kpsim.mode.nftables.engine;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.mode.nftables.ast.Stmt;
import dev.kpsim.mode.nftables.model.ChainType;
import dev.kpsim.mode.nftables.model.NftChain;
import dev.kpsim.mode.nftables.model.NftHook;
import dev.kpsim.mode.nftables.model.NftRule;
import dev.kpsim.mode.nftables.model.NftRuleset;
import dev.kpsim.mode.nftables.model.NftSet;
import dev.kpsim.mode.nftables.model.NftTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ruleset indexed for evaluation: chains and sets by name per table, and per IP family and hook the base chains
 * in the order the kernel runs them. Filter (and route) chains run in priority order, ties in creation order. All
 * {@code nat} chains of a hook run inside the NAT core's single hook entry at the standard NAT priority (-100 at
 * prerouting and output, 100 at postrouting and input; {@code nf_nat_register_fn} in
 * {@code net/netfilter/nf_nat_core.c}), ordered among themselves by their own priority; that entry also applies an
 * existing connection's translation. Immutable after construction.
 */
final class CompiledRuleset {

    /** One table's chains and sets. */
    record TableIndex(NftTable table, Map<String, NftChain> chains, Map<String, CompiledSet> sets,
                      Set<String> dynamicSets) {
    }

    /** A base chain with its table. */
    record ChainRef(TableIndex table, NftChain chain) {
    }

    /** One entry of a hook: a filter base chain, or the NAT core with its nat chains. */
    record HookEntry(boolean nat, List<ChainRef> chains, int priority, int registration) {
    }

    private final List<TableIndex> tables = new ArrayList<>();
    private final Map<IpFamily, Map<NftHook, List<HookEntry>>> hooks = new EnumMap<>(IpFamily.class);

    CompiledRuleset(NftRuleset rs) {
        for (NftTable t : rs.tables()) {
            Map<String, NftChain> chains = new HashMap<>();
            t.chains().forEach(c -> chains.put(c.name(), c));
            Map<String, CompiledSet> sets = new HashMap<>();
            for (NftSet s : t.sets()) {
                sets.put(s.name(), new CompiledSet(s));
            }
            Set<String> dynamic = new HashSet<>();
            for (NftChain c : t.chains()) {
                for (NftRule r : c.rules()) {
                    for (Stmt s : r.statements()) {
                        if (s instanceof Stmt.Dynset d) {
                            dynamic.add(d.set());
                        }
                    }
                }
            }
            t.sets().stream().filter(s -> s.hasFlag("dynamic")).forEach(s -> dynamic.add(s.name()));
            tables.add(new TableIndex(t, chains, sets, dynamic));
        }
        for (IpFamily f : IpFamily.values()) {
            Map<NftHook, List<HookEntry>> perHook = new EnumMap<>(NftHook.class);
            for (NftHook h : List.of(NftHook.PREROUTING, NftHook.INPUT, NftHook.FORWARD, NftHook.OUTPUT,
                    NftHook.POSTROUTING)) {
                perHook.put(h, build(f, h));
            }
            hooks.put(f, perHook);
        }
    }

    private List<HookEntry> build(IpFamily f, NftHook h) {
        List<HookEntry> out = new ArrayList<>();
        List<ChainRef> nat = new ArrayList<>();
        List<Integer> natPrio = new ArrayList<>();
        int reg = 0;
        int natReg = Integer.MAX_VALUE;
        for (TableIndex ti : tables) {
            if (!ti.table().family().carries(f)) {
                reg += ti.table().chains().size();
                continue;
            }
            for (NftChain c : ti.table().chains()) {
                reg++;
                if (c.base() == null || c.base().hook() != h) {
                    continue;
                }
                if (c.base().type() == ChainType.NAT) {
                    nat.add(new ChainRef(ti, c));
                    natPrio.add(c.base().priority().value());
                    natReg = Math.min(natReg, reg);
                } else {
                    out.add(new HookEntry(false, List.of(new ChainRef(ti, c)), c.base().priority().value(), reg));
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nat.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(natPrio::get));
        List<ChainRef> natSorted = new ArrayList<>();
        order.forEach(i -> natSorted.add(nat.get(i)));
        int natPriority = h == NftHook.PREROUTING || h == NftHook.OUTPUT ? -100 : 100;
        if (h != NftHook.FORWARD) {
            out.add(new HookEntry(true, natSorted, natPriority, natReg));
        }
        out.sort(Comparator.comparingInt(HookEntry::priority).thenComparingInt(HookEntry::registration));
        return List.copyOf(out);
    }

    List<HookEntry> entries(IpFamily f, NftHook h) {
        return hooks.get(f).get(h);
    }

    List<TableIndex> tables() {
        return tables;
    }
}
