package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prints a ruleset as {@code iptables-save} / {@code ip6tables-save} prints the kernel's tables on a node
 * (iptables/iptables-save.c {@code do_output}, iptables/nft.c chain and rule save): per table {@code *TABLE}, the
 * built-in chains in the kernel's order with policy and counters ({@code :INPUT ACCEPT [0:0]}), the user chains
 * sorted by name as libiptc lists them ({@code :KUBE-SERVICES - [0:0]}), then the rules chain by chain in that same
 * order, each in canonical form ({@link KernelCanonicalizer}), then {@code COMMIT}. The written text of rules is not
 * used: this is what the kernel gives back, whatever was written.
 *
 * <p>O(rules + chains · log chains). Stateless and thread-safe.
 */
public final class SavePrinter {
    private SavePrinter() {
    }

    public static String print(Ruleset ruleset) {
        return print(ruleset, SaveOptions.DEFAULT);
    }

    public static String print(Ruleset ruleset, SaveOptions options) {
        StringBuilder sb = new StringBuilder(1 << 14);
        for (Table t : ruleset.tables()) {
            if (options.header() != null) {
                sb.append(options.header().generatedLine()).append('\n');
            }
            sb.append('*').append(t.name()).append('\n');
            List<Chain> chains = listingOrder(t);
            for (Chain c : chains) {
                if (c.isBuiltin()) {
                    Counters k = c.policyCounters() == null ? Counters.ZERO : c.policyCounters();
                    sb.append(':').append(c.name()).append(' ').append(c.policy()).append(' ').append(k).append('\n');
                } else {
                    sb.append(':').append(c.name()).append(" - [0:0]\n");
                }
            }
            for (Chain c : chains) {
                for (Rule r : c.rules()) {
                    sb.append(ruleLine(c.name(), r, ruleset.family(), options)).append('\n');
                }
            }
            sb.append("COMMIT\n");
            if (options.header() != null) {
                sb.append(options.header().completedLine()).append('\n');
            }
        }
        if (options.legacyTablesWarning()) {
            sb.append("# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n");
        }
        return sb.toString();
    }

    /** One rule line as iptables-save prints it: {@code [[p:b] ]-A CHAIN ARGS}. */
    public static String ruleLine(String chain, Rule rule, IpFamily family, SaveOptions options) {
        String args = KernelCanonicalizer.ruleArgs(rule, family, options.markStyle());
        StringBuilder sb = new StringBuilder(args.length() + chain.length() + 24);
        if (options.counters()) {
            sb.append(rule.counters() == null ? Counters.ZERO : rule.counters()).append(' ');
        }
        sb.append("-A ").append(chain);
        if (!args.isEmpty()) {
            sb.append(' ').append(args);
        }
        return sb.toString();
    }

    /** Built-in chains in the kernel's order, then user chains sorted by name (byte order, as libiptc's strcmp). */
    static List<Chain> listingOrder(Table t) {
        List<Chain> out = new ArrayList<>(t.chains().size());
        for (String b : Table.builtinChains(t.name())) {
            t.chain(b).filter(Chain::isBuiltin).ifPresent(out::add);
        }
        List<Chain> user = new ArrayList<>();
        for (Chain c : t.chains()) {
            if (!out.contains(c)) {
                user.add(c);
            }
        }
        user.sort(Comparator.comparing(Chain::name));
        out.addAll(user);
        return out;
    }
}
