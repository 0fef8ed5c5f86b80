package dev.kpsim.mode.nftables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The comparison upstream's proxier tests use ({@code sortNFTablesTransaction} in
 * {@code pkg/proxy/nftables/helpers_test.go}), re-implemented: drop blank and {@code #} lines, then sort stably by
 * object type (table, chain, rule, set, map, element), then object name, keeping rules of one chain in order and
 * otherwise ordering by the whole line.
 */
final class KnftablesDump {
    private static final Map<String, Integer> ORDER = Map.of("table", 10, "chain", 9, "rule", 8, "set", 7, "map", 6,
            "element", 5);

    private KnftablesDump() {
    }

    static String canonical(String tx) {
        List<String> lines = new ArrayList<>();
        for (String l : tx.split("\n")) {
            if (!l.isEmpty() && l.charAt(0) != '#') {
                lines.add(l);
            }
        }
        lines.sort((li, lj) -> {
            String[] wi = li.split(" ");
            String[] wj = lj.split(" ");
            if (wi.length < 5 || wj.length < 5) {
                return 0;
            }
            if (!wi[1].equals(wj[1])) {
                return Integer.compare(ORDER.getOrDefault(wj[1], 0), ORDER.getOrDefault(wi[1], 0));
            }
            if (!wi[4].equals(wj[4])) {
                return wi[4].compareTo(wj[4]);
            }
            if (wi[1].equals("rule")) {
                return 0;
            }
            return li.compareTo(lj);
        });
        return String.join("\n", lines);
    }

    static String resource(String path) {
        try (InputStream in = KnftablesDump.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String s) {
        return Arrays.asList(s.split("\n"));
    }
}
