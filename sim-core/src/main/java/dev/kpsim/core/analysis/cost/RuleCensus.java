package dev.kpsim.core.analysis.cost;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many chains and rules a data plane holds, per table and chain family ({@link ChainFamily}): what kube-proxy's
 * {@code sync_proxy_rules_iptables_total} metric and its {@code TestNumberIptablesRules} count
 * ({@code pkg/proxy/iptables/number_generated_rules_test.go}: rule lines of the payload, chain declarations
 * excluded). Rows keep the order in which tables and families first appear. Immutable.
 *
 * @param rows one per (table, family)
 */
public record RuleCensus(List<Row> rows) {

    /**
     * One table's chain family.
     *
     * @param table  the table, qualified by IP family for a dual-stack data plane ({@code nat (IPv6)}) or by the
     *               nftables family ({@code ip kube-proxy})
     * @param family the chain family ({@code KUBE-SEP-*}, {@code KUBE-SERVICES})
     * @param chains chains of the family the data plane declares
     * @param rules  rules in those chains
     */
    public record Row(String table, String family, int chains, int rules) {
    }

    public RuleCensus {
        rows = List.copyOf(rows);
    }

    /** The census of iptables-restore payloads (iptables mode, and the iptables side of IPVS mode). */
    public static RuleCensus ofPayloads(List<RestorePayload> payloads) {
        Builder b = new Builder();
        boolean dual = payloads.size() > 1;
        for (RestorePayload p : payloads) {
            for (RestoreTable t : p.tables()) {
                String table = dual ? t.name() + " (" + (p.family() == IpFamily.IPV6 ? "IPv6" : "IPv4") + ")" : t.name();
                for (RestoreLine l : t.lines()) {
                    String text = l.text();
                    if (text.startsWith(":")) {
                        int sp = text.indexOf(' ');
                        b.chain(table, text.substring(1, sp < 0 ? text.length() : sp));
                    } else if (text.startsWith("-A ")) {
                        int sp = text.indexOf(' ', 3);
                        b.rule(table, text.substring(3, sp < 0 ? text.length() : sp));
                    }
                }
            }
        }
        return b.build();
    }

    /** Rules in a table, over all families (0 for a table not in the census). */
    public int rules(String table) {
        return rows.stream().filter(r -> r.table().equals(table)).mapToInt(Row::rules).sum();
    }

    /** Chains in a table, over all families. */
    public int chains(String table) {
        return rows.stream().filter(r -> r.table().equals(table)).mapToInt(Row::chains).sum();
    }

    /** Rules of one family in a table (0 if absent). */
    public int rules(String table, String family) {
        return rows.stream().filter(r -> r.table().equals(table) && r.family().equals(family)).mapToInt(Row::rules).sum();
    }

    /** The tables in order of first appearance. */
    public List<String> tables() {
        return rows.stream().map(Row::table).distinct().toList();
    }

    /** Counts chains and rules by table and chain name; for data planes other than restore payloads (nftables). */
    public static final class Builder {
        private final Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();

        /** A declared chain. */
        public Builder chain(String table, String chain) {
            cell(table, chain)[0]++;
            return this;
        }

        /** A rule of {@code chain}. */
        public Builder rule(String table, String chain) {
            cell(table, chain)[1]++;
            return this;
        }

        /** {@code n} rules of {@code chain}. */
        public Builder rules(String table, String chain, int n) {
            cell(table, chain)[1] += n;
            return this;
        }

        private int[] cell(String table, String chain) {
            return counts.computeIfAbsent(table, t -> new LinkedHashMap<>())
                    .computeIfAbsent(ChainFamily.of(chain), f -> new int[2]);
        }

        public RuleCensus build() {
            List<Row> rows = new ArrayList<>();
            counts.forEach((table, families) -> families.forEach((family, c) -> rows.add(new Row(table, family, c[0], c[1]))));
            return new RuleCensus(rows);
        }
    }
}
