package dev.kpsim.core.analysis.check;

import dev.kpsim.core.analysis.doctor.RuleInventory;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.save.IptablesParser;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.netfilter.save.SavePrinter;
import java.util.ArrayList;
import java.util.List;

/**
 * The forms an expected rule line may match: the line as written and, for an iptables {@code -A CHAIN ...} line, the
 * way {@code iptables-save} prints that rule (the kernel's canonical order: {@code -s/-d} with their prefix,
 * {@code -p} before the matches, {@code --set-xmark} for {@code --or-mark} ...), so a rule may be written as
 * kube-proxy's restore input or as a node's dump shows it.
 */
final class RuleLines {
    private RuleLines() {
    }

    private static final List<String> TABLES = List.of("nat", "filter", "mangle", "raw");

    static List<String> canonicalForms(String line, RuleInventory rules) {
        String t = line.trim();
        List<String> out = new ArrayList<>();
        out.add(t);
        String[] w = t.split("\\s+", 3);
        if (w.length < 2 || !w[0].equals("-A") || rules.iptables().isEmpty()) {
            return out;
        }
        for (Ruleset family : rules.iptables()) {
            for (String table : TABLES) {
                String dump = "*" + table + "\n:" + w[1] + " - [0:0]\n" + t + "\nCOMMIT\n";
                try {
                    Ruleset rs = IptablesParser.parseDump(dump, "<expected rule>", family.family()).ruleset();
                    Chain c = rs.chain(table, w[1]).orElseThrow();
                    String canonical = SavePrinter.ruleLine(w[1], c.rules().get(0), family.family(), SaveOptions.DEFAULT);
                    if (!out.contains(canonical)) {
                        out.add(canonical);
                    }
                    break;
                } catch (BadInputException | java.util.NoSuchElementException | IndexOutOfBoundsException e) {
                    // not a valid rule of this table: try the next
                }
            }
        }
        return out;
    }
}
