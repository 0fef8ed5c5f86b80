package dev.kpsim.mode.userspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Test helper comparing a rule in kube-proxy's argument order with the same rule as {@code iptables-save} prints it:
 * both are split into option groups ({@code -A CHAIN}, {@code -d X}, {@code -p P}, {@code -m M …}, {@code -j T …})
 * and compared as multisets, so only argument order may differ.
 */
final class SaveForm {
    private SaveForm() {
    }

    private static final Set<String> GROUP_START = Set.of("-A", "-d", "-s", "-p", "-m", "-j", "-i", "-o");

    static List<String> groups(String rule) {
        List<String> tokens = tokenize(rule);
        List<String> groups = new ArrayList<>();
        StringBuilder cur = null;
        for (String t : tokens) {
            if (GROUP_START.contains(t)) {
                if (cur != null) {
                    groups.add(cur.toString());
                }
                cur = new StringBuilder(t);
            } else {
                if (cur == null) {
                    throw new IllegalArgumentException("rule does not start with an option: " + rule);
                }
                cur.append(' ').append(t);
            }
        }
        if (cur != null) {
            groups.add(cur.toString());
        }
        groups.sort(null);
        return groups;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
