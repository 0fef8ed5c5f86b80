package dev.kpsim.core.netfilter.save;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * IP protocol names and numbers as iptables reads and prints them. Reading accepts a number (0–255), the names of
 * libxtables' {@code xtables_chain_protos} table and the common {@code /etc/protocols} names; printing uses the first
 * {@code xtables_chain_protos} name for the number, else the number itself ({@code proto_to_name(proto, nolookup=1)}
 * in iptables/xshared.c, which {@code save_rule_details} uses).
 */
final class Protocols {
    private Protocols() {
    }

    /** libxtables' xtables_chain_protos, in table order (the first name of a number is the one printed). */
    private static final Map<String, Integer> CHAIN_PROTOS = new LinkedHashMap<>();
    /** Further names from a stock /etc/protocols. */
    private static final Map<String, Integer> ETC_PROTOCOLS = new LinkedHashMap<>();

    static {
        CHAIN_PROTOS.put("tcp", 6);
        CHAIN_PROTOS.put("sctp", 132);
        CHAIN_PROTOS.put("udp", 17);
        CHAIN_PROTOS.put("udplite", 136);
        CHAIN_PROTOS.put("icmp", 1);
        CHAIN_PROTOS.put("icmpv6", 58);
        CHAIN_PROTOS.put("ipv6-icmp", 58);
        CHAIN_PROTOS.put("esp", 50);
        CHAIN_PROTOS.put("ah", 51);
        CHAIN_PROTOS.put("ipv6-mh", 135);
        CHAIN_PROTOS.put("mh", 135);
        CHAIN_PROTOS.put("all", 0);
        ETC_PROTOCOLS.put("ip", 0);
        ETC_PROTOCOLS.put("igmp", 2);
        ETC_PROTOCOLS.put("ipencap", 4);
        ETC_PROTOCOLS.put("egp", 8);
        ETC_PROTOCOLS.put("dccp", 33);
        ETC_PROTOCOLS.put("ipv6", 41);
        ETC_PROTOCOLS.put("ipv6-route", 43);
        ETC_PROTOCOLS.put("ipv6-frag", 44);
        ETC_PROTOCOLS.put("rsvp", 46);
        ETC_PROTOCOLS.put("gre", 47);
        ETC_PROTOCOLS.put("ipv6-nonxt", 59);
        ETC_PROTOCOLS.put("ipv6-opts", 60);
        ETC_PROTOCOLS.put("ospf", 89);
        ETC_PROTOCOLS.put("ipip", 94);
        ETC_PROTOCOLS.put("etherip", 97);
        ETC_PROTOCOLS.put("encap", 98);
        ETC_PROTOCOLS.put("pim", 103);
        ETC_PROTOCOLS.put("ipcomp", 108);
        ETC_PROTOCOLS.put("vrrp", 112);
        ETC_PROTOCOLS.put("l2tp", 115);
        ETC_PROTOCOLS.put("mpls-in-ip", 137);
    }

    /** The protocol number of a written protocol (case-insensitive, as iptables lower-cases {@code -p}). */
    static OptionalInt number(String written) {
        String s = written.toLowerCase(Locale.ROOT);
        var n = Values.unsigned(s, 255);
        if (n.isPresent()) {
            return OptionalInt.of((int) n.getAsLong());
        }
        Integer v = CHAIN_PROTOS.get(s);
        if (v == null) {
            v = ETC_PROTOCOLS.get(s);
        }
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** What {@code iptables-save} prints after {@code -p} for a protocol number. */
    static String saveName(int number) {
        for (Map.Entry<String, Integer> e : CHAIN_PROTOS.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return Integer.toString(number);
    }

    /** The match extension iptables loads implicitly for {@code -p P} ({@code find_proto}): the protocol's name. */
    static String extensionName(int number, String written) {
        for (Map.Entry<String, Integer> e : CHAIN_PROTOS.entrySet()) {
            if (e.getValue() == number) {
                return e.getKey();
            }
        }
        return written.toLowerCase(Locale.ROOT);
    }

    static final int TCP = 6;
    static final int UDP = 17;
    static final int SCTP = 132;
    static final int DCCP = 33;
    static final int UDPLITE = 136;
    static final int ICMP = 1;
}
