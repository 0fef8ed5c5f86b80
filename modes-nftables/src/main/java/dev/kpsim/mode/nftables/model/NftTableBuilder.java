package dev.kpsim.mode.nftables.model;

import dev.kpsim.core.diag.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mutable builder of an {@link NftTable}, used inside one stage (a parser replaying commands, or kube-proxy
 * generation replaying a knftables transaction). Objects keep their creation order, as the kernel does; adding an
 * existing chain, set or map again is a no-op, like {@code nft add}.
 */
public final class NftTableBuilder {
    private final NftFamily family;
    private final String name;
    private String comment;
    private String warning;
    private final List<String> flags = new ArrayList<>();
    private final SourceLocation location;
    private final Map<String, ChainDraft> chains = new LinkedHashMap<>();
    private final Map<String, NftSet> sets = new LinkedHashMap<>();
    /** Each set's elements by key, in the order their keys were first added (a replaced element keeps its place). */
    private final Map<String, Map<List<String>, NftElement>> elements = new LinkedHashMap<>();

    private static final class ChainDraft {
        BaseChain base;
        String comment;
        SourceLocation location;
        final List<NftRule> rules = new ArrayList<>();
    }

    public NftTableBuilder(NftFamily family, String name, SourceLocation location) {
        this.family = family;
        this.name = name;
        this.location = location;
    }

    public NftFamily family() {
        return family;
    }

    public String name() {
        return name;
    }

    public NftTableBuilder comment(String c) {
        this.comment = c;
        return this;
    }

    /** The comment line nft prints above the table (an iptables-nft warning). */
    public NftTableBuilder warning(String w) {
        this.warning = w;
        return this;
    }

    public NftTableBuilder flags(List<String> f) {
        flags.clear();
        flags.addAll(f);
        return this;
    }

    /** Adds a chain if absent; a later add may complete a base chain's or a comment's declaration. */
    public NftTableBuilder addChain(String chain, BaseChain base, String chainComment, SourceLocation at) {
        ChainDraft d = chains.computeIfAbsent(chain, k -> new ChainDraft());
        if (base != null) {
            d.base = base;
        }
        if (chainComment != null) {
            d.comment = chainComment;
        }
        if (d.location == null) {
            d.location = at;
        }
        return this;
    }

    public boolean hasSet(String set) {
        return sets.containsKey(set);
    }

    /** Appends a rule; false if the chain does not exist. */
    public boolean addRule(String chain, NftRule rule) {
        ChainDraft d = chains.get(chain);
        if (d == null) {
            return false;
        }
        d.rules.add(rule);
        return true;
    }

    /** Prepends a rule ({@code insert rule}); false if the chain does not exist. */
    public boolean insertRule(String chain, NftRule rule) {
        ChainDraft d = chains.get(chain);
        if (d == null) {
            return false;
        }
        d.rules.add(0, rule);
        return true;
    }

    public boolean flushChain(String chain) {
        ChainDraft d = chains.get(chain);
        if (d == null) {
            return false;
        }
        d.rules.clear();
        return true;
    }

    public boolean deleteChain(String chain) {
        return chains.remove(chain) != null;
    }

    /** Adds a set or map if absent (its declared elements are added too). */
    public NftTableBuilder addSet(NftSet set) {
        if (!sets.containsKey(set.name())) {
            sets.put(set.name(), set.withElements(List.of()));
            elements.put(set.name(), new LinkedHashMap<>());
        }
        set.elements().forEach(e -> addElement(set.name(), e));
        return this;
    }

    public Optional<NftSet> set(String set) {
        return Optional.ofNullable(sets.get(set));
    }

    /** Adds an element (replacing one with the same key, in its place); false if the set does not exist. O(1). */
    public boolean addElement(String set, NftElement e) {
        Map<List<String>, NftElement> els = elements.get(set);
        if (els == null) {
            return false;
        }
        els.put(e.key(), e);
        return true;
    }

    public boolean deleteElement(String set, List<String> key) {
        Map<List<String>, NftElement> els = elements.get(set);
        return els != null && els.remove(key) != null;
    }

    public boolean flushSet(String set) {
        Map<List<String>, NftElement> els = elements.get(set);
        if (els == null) {
            return false;
        }
        els.clear();
        return true;
    }

    public boolean deleteSet(String set) {
        elements.remove(set);
        return sets.remove(set) != null;
    }

    /** Removes every rule and element, keeping the declarations ({@code flush table}). */
    public void flushAll() {
        chains.values().forEach(d -> d.rules.clear());
        elements.values().forEach(Map::clear);
    }

    public NftTable build() {
        List<NftSet> s = new ArrayList<>();
        sets.forEach((k, v) -> s.add(v.withElements(new ArrayList<>(elements.get(k).values()))));
        List<NftChain> c = new ArrayList<>();
        chains.forEach((k, d) -> c.add(new NftChain(k, d.base, d.comment, d.rules, d.location)));
        return new NftTable(family, name, comment, flags, s, c, warning, location);
    }
}
