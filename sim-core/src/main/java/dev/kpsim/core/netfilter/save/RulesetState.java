package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** The kernel's tables while restore input is applied to them. Mutable, confined to one parse. */
final class RulesetState {
    final IpFamily family;
    final LinkedHashMap<String, TableState> tables = new LinkedHashMap<>();

    RulesetState(IpFamily family) {
        this.family = family;
    }

    static RulesetState of(Ruleset r) {
        RulesetState s = new RulesetState(r.family());
        for (Table t : r.tables()) {
            s.tables.put(t.name(), TableState.of(t));
        }
        return s;
    }

    /** The table, created if missing (with every built-in chain when {@code materializeBuiltins}). */
    TableState table(String name, boolean materializeBuiltins) {
        TableState t = tables.computeIfAbsent(name, TableState::new);
        if (materializeBuiltins) {
            t.materializeBuiltins();
        }
        return t;
    }

    Ruleset toRuleset() {
        List<Table> out = new ArrayList<>(tables.size());
        for (TableState t : tables.values()) {
            out.add(t.toTable());
        }
        return new Ruleset(family, out);
    }
}
