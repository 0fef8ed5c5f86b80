package dev.kpsim.core.analysis.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of an {@code nft list ruleset} listing, as far as the analyses need it: per table, its chains with
 * their rule lines and its sets and maps with their elements. Read line by line from the listing's block layout
 * (what {@code nft} prints, see {@code pkg/proxy/nftables/README.md}); statements are kept as text, not interpreted —
 * the nftables mode's own parser and simulator do that.
 *
 * @param tables qualified table name ({@code ip kube-proxy}) → table, in listing order
 */
public record NftListing(Map<String, NftTableText> tables) {

    public NftListing {
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    /** One table: its chains (name → rule lines) and sets/maps (name → elements), in listing order. */
    public record NftTableText(String qualifiedName, Map<String, NftChainText> chains, Map<String, List<String>> sets) {
        public NftTableText {
            chains = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chains));
            sets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sets));
        }

        public Optional<NftChainText> chain(String name) {
            return Optional.ofNullable(chains.get(name));
        }

        /** The elements of a set or map (empty if it has none or does not exist). */
        public List<String> elements(String setName) {
            return sets.getOrDefault(setName, List.of());
        }
    }

    /** One chain: its rule lines (the chain's {@code type ... hook ...} and {@code comment} lines left out), 1-based line numbers. */
    public record NftChainText(String name, List<String> rules, List<Integer> lineNumbers) {
        public NftChainText {
            rules = List.copyOf(rules);
            lineNumbers = List.copyOf(lineNumbers);
        }
    }

    /** The table holding kube-proxy's rules ({@code kube-proxy} in {@code ip} or {@code ip6}), if present. */
    public List<NftTableText> kubeProxyTables() {
        return tables.values().stream().filter(t -> t.qualifiedName().endsWith(" kube-proxy")).toList();
    }

    /** Total rule lines over every table. */
    public int ruleCount() {
        return tables.values().stream().flatMap(t -> t.chains().values().stream()).mapToInt(c -> c.rules().size()).sum();
    }

    /**
     * Reads a listing. Lines it does not recognise (flowtables, objects) are skipped; a listing that is not nft's
     * block layout yields an empty result. O(lines).
     */
    public static NftListing parse(String text) {
        Map<String, NftTableText> tables = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        String table = null;
        Map<String, NftChainText> chains = new LinkedHashMap<>();
        Map<String, List<String>> sets = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.length) {
            String t = lines[i].trim();
            if (t.startsWith("table ") && t.endsWith("{")) {
                table = t.substring("table ".length(), t.length() - 1).trim();
                chains = new LinkedHashMap<>();
                sets = new LinkedHashMap<>();
                i++;
                continue;
            }
            if (table != null && t.equals("}") && depth(lines[i]) == 0) {
                tables.put(table, new NftTableText(table, chains, sets));
                table = null;
                i++;
                continue;
            }
            if (table != null && t.startsWith("chain ") && t.endsWith("{")) {
                String name = t.substring("chain ".length(), t.length() - 1).trim();
                List<String> rules = new ArrayList<>();
                List<Integer> numbers = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].trim().equals("}")) {
                    String r = lines[i].trim();
                    if (!r.isEmpty() && !r.startsWith("type ") && !r.startsWith("comment ")) {
                        rules.add(r);
                        numbers.add(i + 1);
                    }
                    i++;
                }
                chains.put(name, new NftChainText(name, rules, numbers));
                i++;
                continue;
            }
            if (table != null && (t.startsWith("set ") || t.startsWith("map ")) && t.endsWith("{")) {
                String name = t.substring(4, t.length() - 1).trim();
                List<String> elements = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].trim().equals("}")) {
                    String r = lines[i].trim();
                    if (r.startsWith("elements = {")) {
                        StringBuilder sb = new StringBuilder(r.substring("elements = {".length()));
                        while (!sb.toString().trim().endsWith("}") && i + 1 < lines.length) {
                            i++;
                            sb.append(' ').append(lines[i].trim());
                        }
                        String body = sb.toString().trim();
                        body = body.substring(0, body.length() - 1);
                        for (String e : body.split(",")) {
                            if (!e.isBlank()) {
                                elements.add(e.trim());
                            }
                        }
                    }
                    i++;
                }
                sets.put(name, elements);
                i++;
                continue;
            }
            i++;
        }
        return new NftListing(tables);
    }

    private static int depth(String line) {
        int n = 0;
        while (n < line.length() && (line.charAt(n) == '\t' || line.charAt(n) == ' ')) {
            n++;
        }
        return n;
    }
}
