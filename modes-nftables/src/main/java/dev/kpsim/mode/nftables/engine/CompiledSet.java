package dev.kpsim.mode.nftables.engine;

import dev.kpsim.mode.nftables.ast.FieldType;
import dev.kpsim.mode.nftables.model.NftElement;
import dev.kpsim.mode.nftables.model.NftSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named set or map indexed for lookups: exact keys in a hash map (O(1), like the kernel's hash set), prefix and
 * range elements scanned in order. Elements whose key cannot be read are counted in {@link #unreadable()} and make
 * misses uncertain.
 */
final class CompiledSet {
    private final NftSet set;
    private final List<FieldType> types;
    private final Map<String, NftElement> exact = new HashMap<>();
    private final List<List<Pattern>> patterns = new ArrayList<>();
    private final List<NftElement> patternElements = new ArrayList<>();
    private int unreadable;

    CompiledSet(NftSet set) {
        this.set = set;
        this.types = set.keyTypes().stream().map(FieldType::ofTypeName).toList();
        for (NftElement e : set.elements()) {
            if (e.key().size() != types.size()) {
                unreadable++;
                continue;
            }
            List<Pattern> ps = new ArrayList<>();
            try {
                for (int i = 0; i < types.size(); i++) {
                    ps.add(Pattern.parse(e.key().get(i), types.get(i)));
                }
            } catch (Unsupported u) {
                unreadable++;
                continue;
            }
            if (ps.stream().allMatch(Pattern::isExact)) {
                exact.put(key(ps.stream().map(Pattern::exact).toList()), e);
            } else {
                patterns.add(ps);
                patternElements.add(e);
            }
        }
    }

    NftSet declaration() {
        return set;
    }

    List<FieldType> types() {
        return types;
    }

    int unreadable() {
        return unreadable;
    }

    static String key(List<Value> values) {
        StringBuilder b = new StringBuilder();
        for (Value v : values) {
            b.append(v.key()).append('|');
        }
        return b.toString();
    }

    /** The element matching {@code values} (one per key component), if any. */
    Optional<NftElement> lookup(List<Value> values) {
        NftElement e = exact.get(key(values));
        if (e != null) {
            return Optional.of(e);
        }
        outer:
        for (int i = 0; i < patterns.size(); i++) {
            List<Pattern> ps = patterns.get(i);
            for (int k = 0; k < ps.size(); k++) {
                if (!ps.get(k).matches(values.get(k))) {
                    continue outer;
                }
            }
            return Optional.of(patternElements.get(i));
        }
        return Optional.empty();
    }
}
