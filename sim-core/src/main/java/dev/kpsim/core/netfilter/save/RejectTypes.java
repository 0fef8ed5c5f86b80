package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --reject-with} types of libipt_REJECT.c and libip6t_REJECT.c: the first entry whose name or alias starts
 * with the written text (case-insensitive) wins, and iptables-save prints the entry's name.
 */
final class RejectTypes {
    private RejectTypes() {
    }

    private record Entry(String name, String alias) {
    }

    private static final List<Entry> V4 = List.of(
            new Entry("icmp-net-unreachable", "net-unreach"),
            new Entry("icmp-host-unreachable", "host-unreach"),
            new Entry("icmp-proto-unreachable", "proto-unreach"),
            new Entry("icmp-port-unreachable", "port-unreach"),
            new Entry("icmp-net-prohibited", "net-prohib"),
            new Entry("icmp-host-prohibited", "host-prohib"),
            new Entry("tcp-reset", "tcp-rst"),
            new Entry("icmp-admin-prohibited", "admin-prohib"));
    private static final List<Entry> V6 = List.of(
            new Entry("icmp6-no-route", "no-route"),
            new Entry("icmp6-adm-prohibited", "adm-prohibited"),
            new Entry("icmp6-addr-unreachable", "addr-unreach"),
            new Entry("icmp6-port-unreachable", "port-unreach"),
            new Entry("tcp-reset", "tcp-rst"),
            new Entry("icmp6-policy-fail", "policy-fail"),
            new Entry("icmp6-reject-route", "reject-route"));

    /** The default type ({@code REJECT} without {@code --reject-with}). */
    static String defaultType(IpFamily family) {
        return family == IpFamily.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable";
    }

    /** The canonical name for written text, or null if none matches. */
    static String canonical(String written, IpFamily family) {
        String w = written.toLowerCase(Locale.ROOT);
        if (w.isEmpty()) {
            return null;
        }
        for (Entry e : family == IpFamily.IPV4 ? V4 : V6) {
            if (e.name.startsWith(w) || e.alias.startsWith(w)) {
                return e.name;
            }
        }
        return null;
    }
}
