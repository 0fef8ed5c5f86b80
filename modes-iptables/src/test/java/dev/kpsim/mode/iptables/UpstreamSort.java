package dev.kpsim.mode.iptables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test utility: kube-proxy's {@code sortIPTablesRules} ({@code pkg/proxy/iptables/proxier_test.go}) with the
 * printing of {@code IPTablesDump.String()} ({@code pkg/util/iptables/testing/parse.go}). Upstream expected
 * outputs are written in this canonical form because Go iterates services in random order.
 *
 * <p>Tables sorted by name; chains: KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-* alphabetically, then the rest
 * alphabetically; every chain line, then every chain's rules in that order, then {@code -X} lines. Rules of
 * KUBE-NODEPORTS and KUBE-SERVICES (filter and nat) are stably sorted by the service name in their comment (up to
 * the first space or colon); the nat KUBE-SERVICES "must be the last rule" rule stays last.
 */
final class UpstreamSort {
    private UpstreamSort() {
    }

    private static final class Chain {
        final String name;
        final List<String> rules = new ArrayList<>();
        boolean deleted;

        Chain(String name) {
            this.name = name;
        }
    }

    static String sort(String payload) {
        Map<String, Map<String, Chain>> tables = new LinkedHashMap<>();
        Map<String, Chain> current = null;
        for (String line : payload.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("*")) {
                current = new LinkedHashMap<>();
                tables.put(line.substring(1), current);
            } else if (line.startsWith(":")) {
                String name = line.substring(1, line.indexOf(' '));
                current.put(name, new Chain(name));
            } else if (line.startsWith("-A ")) {
                String rest = line.substring(3);
                String name = rest.contains(" ") ? rest.substring(0, rest.indexOf(' ')) : rest;
                Chain c = current.get(name);
                if (c == null) {
                    throw new IllegalArgumentException("rule for undeclared chain: " + line);
                }
                c.rules.add(line);
            } else if (line.startsWith("-X ")) {
                current.get(line.substring(3)).deleted = true;
            } else if (!line.equals("COMMIT")) {
                throw new IllegalArgumentException("cannot parse " + line);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String tableName : tables.keySet().stream().sorted().toList()) {
            Map<String, Chain> t = tables.get(tableName);
            List<Chain> chains = new ArrayList<>(t.values());
            chains.sort(Comparator.comparing(UpstreamSort::chainKey));
            for (Chain c : chains) {
                if (c.name.equals("KUBE-NODEPORTS")) {
                    c.rules.sort(Comparator.comparing(UpstreamSort::serviceName));
                } else if (c.name.equals("KUBE-SERVICES")) {
                    c.rules.sort(Comparator.comparing((String r) -> r.contains("must be the last rule") ? 1 : 0)
                            .thenComparing(UpstreamSort::serviceName));
                }
            }
            sb.append('*').append(tableName).append('\n');
            for (Chain c : chains) {
                sb.append(':').append(c.name).append(" - [0:0]\n");
            }
            for (Chain c : chains) {
                for (String r : c.rules) {
                    sb.append(r).append('\n');
                }
            }
            for (Chain c : chains) {
                if (c.deleted) {
                    sb.append("-X ").append(c.name).append('\n');
                }
            }
            sb.append("COMMIT\n");
        }
        return sb.toString();
    }

    private static String chainKey(Chain c) {
        if (c.name.equals("KUBE-NODEPORTS")) {
            return "0";
        }
        if (c.name.equals("KUBE-SERVICES")) {
            return "1";
        }
        return (c.name.startsWith("KUBE-") ? "2" : "3") + c.name;
    }

    /** The comment value (quotes stripped) up to the first space or colon; "" without a comment. */
    static String serviceName(String rule) {
        int i = rule.indexOf("--comment ");
        if (i < 0) {
            return "";
        }
        String rest = rule.substring(i + "--comment ".length());
        String value;
        if (rest.startsWith("\"")) {
            value = rest.substring(1, rest.indexOf('"', 1));
        } else {
            int sp = rest.indexOf(' ');
            value = sp < 0 ? rest : rest.substring(0, sp);
        }
        int cut = value.length();
        for (int k = 0; k < value.length(); k++) {
            if (value.charAt(k) == ' ' || value.charAt(k) == ':') {
                cut = k;
                break;
            }
        }
        return value.substring(0, cut);
    }
}
