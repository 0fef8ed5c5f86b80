package dev.kpsim.emulator.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every rule and policy counter of one {@code iptables-save -c} listing. {@link #parse} reads the text line by
 * line (table headers, chain lines, {@code [p:b] -A …} rules); it does not interpret the rules — the full
 * {@code iptables-save} parser lives in sim-core. {@link #minus} gives what one experiment added.
 */
public record CounterSnapshot(List<RuleCounter> rules, List<PolicyCounter> policies) {

    public CounterSnapshot {
        rules = List.copyOf(rules);
        policies = List.copyOf(policies);
    }

    /** An empty snapshot (nothing loaded). */
    public static CounterSnapshot empty() {
        return new CounterSnapshot(List.of(), List.of());
    }

    /**
     * Parses {@code iptables-save -c} output. Lines it does not recognise (comments, {@code COMMIT}) are skipped;
     * a rule line without counters gets 0/0.
     */
    public static CounterSnapshot parse(String text) {
        List<RuleCounter> rules = new ArrayList<>();
        List<PolicyCounter> policies = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        String table = "";
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                positions.clear();
            } else if (line.startsWith(":")) {
                String[] f = line.substring(1).split(" ");
                if (f.length >= 2 && !f[1].equals("-")) {
                    long[] c = f.length >= 3 ? counts(f[2]) : new long[2];
                    policies.add(new PolicyCounter(table, f[0], f[1], c[0], c[1]));
                }
            } else if (line.startsWith("[") || line.startsWith("-A ")) {
                long[] c = new long[2];
                String rule = line;
                if (line.startsWith("[")) {
                    int close = line.indexOf(']');
                    if (close < 0) {
                        continue;
                    }
                    c = counts(line.substring(0, close + 1));
                    rule = line.substring(close + 1).strip();
                }
                if (!rule.startsWith("-A ")) {
                    continue;
                }
                int sp = rule.indexOf(' ', 3);
                String chain = sp < 0 ? rule.substring(3) : rule.substring(3, sp);
                int pos = positions.merge(chain, 1, Integer::sum);
                rules.add(new RuleCounter(table, chain, pos, rule, c[0], c[1]));
            }
        }
        return new CounterSnapshot(rules, policies);
    }

    private static long[] counts(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        int colon = inner.indexOf(':');
        try {
            return new long[] {Long.parseLong(inner.substring(0, colon)), Long.parseLong(inner.substring(colon + 1))};
        } catch (RuntimeException e) {
            return new long[2];
        }
    }

    /**
     * The counts added since {@code before}: each rule here minus the same rule (table, chain, position, text)
     * there, or as is if it was not there.
     */
    public CounterSnapshot minus(CounterSnapshot before) {
        Map<String, RuleCounter> old = new HashMap<>();
        before.rules.forEach(r -> old.put(r.table() + "\u0000" + r.chain() + "\u0000" + r.position() + "\u0000" + r.rule(), r));
        Map<String, PolicyCounter> oldP = new HashMap<>();
        before.policies.forEach(p -> oldP.put(p.table() + "\u0000" + p.chain(), p));
        List<RuleCounter> r = rules.stream().map(x -> {
            RuleCounter o = old.get(x.table() + "\u0000" + x.chain() + "\u0000" + x.position() + "\u0000" + x.rule());
            return o == null ? x : x.minus(o);
        }).toList();
        List<PolicyCounter> p = policies.stream().map(x -> {
            PolicyCounter o = oldP.get(x.table() + "\u0000" + x.chain());
            return o == null ? x : x.minus(o);
        }).toList();
        return new CounterSnapshot(r, p);
    }

    /**
     * The counts of this snapshot and {@code other} added rule by rule (same table, chain, position and text), for
     * experiments made in several runs; rules only one of them has are kept as they are.
     */
    public CounterSnapshot plus(CounterSnapshot other) {
        Map<String, RuleCounter> more = new HashMap<>();
        other.rules.forEach(r -> more.put(r.table() + "\u0000" + r.chain() + "\u0000" + r.position() + "\u0000" + r.rule(), r));
        List<RuleCounter> out = new ArrayList<>();
        for (RuleCounter r : rules) {
            RuleCounter o = more.remove(r.table() + "\u0000" + r.chain() + "\u0000" + r.position() + "\u0000" + r.rule());
            out.add(o == null ? r : new RuleCounter(r.table(), r.chain(), r.position(), r.rule(), r.packets() + o.packets(), r.bytes() + o.bytes()));
        }
        out.addAll(more.values().stream().sorted(Comparator.comparing(RuleCounter::table).thenComparing(RuleCounter::chain)
                .thenComparingInt(RuleCounter::position)).toList());
        Map<String, PolicyCounter> morePolicies = new HashMap<>();
        other.policies.forEach(p -> morePolicies.put(p.table() + "\u0000" + p.chain(), p));
        List<PolicyCounter> ps = new ArrayList<>();
        for (PolicyCounter p : policies) {
            PolicyCounter o = morePolicies.remove(p.table() + "\u0000" + p.chain());
            ps.add(o == null ? p : new PolicyCounter(p.table(), p.chain(), p.policy(), p.packets() + o.packets(), p.bytes() + o.bytes()));
        }
        ps.addAll(morePolicies.values());
        return new CounterSnapshot(out, ps);
    }

    /** Rules with at least one packet counted. */
    public List<RuleCounter> hit() {
        return rules.stream().filter(r -> r.packets() > 0).toList();
    }

    /** The first rule whose text is exactly {@code rule} in {@code table}, if any. */
    public java.util.Optional<RuleCounter> find(String table, String rule) {
        return rules.stream().filter(r -> r.table().equals(table) && r.rule().equals(rule)).findFirst();
    }
}
