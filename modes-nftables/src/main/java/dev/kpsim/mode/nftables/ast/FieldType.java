package dev.kpsim.mode.nftables.ast;

import java.util.Optional;

/**
 * The nft data type of a field or set key component ({@code nft describe}): it decides how a literal is read
 * ({@code tcp} as protocol 6, {@code 0x4000} as a mark), how nft prints it, and how set elements sort.
 *
 * @param bytes       size of the value in a concatenation (nft pads nothing when sorting)
 * @param hostEndian  true for types nft stores in host byte order (marks, integers)
 */
public enum FieldType {
    IPV4_ADDR("ipv4_addr", 4, false),
    IPV6_ADDR("ipv6_addr", 16, false),
    INET_PROTO("inet_proto", 1, false),
    INET_SERVICE("inet_service", 2, false),
    MARK("mark", 4, true),
    IFNAME("ifname", 16, false),
    CT_STATE("ct_state", 4, true),
    CT_STATUS("ct_status", 4, true),
    FIB_ADDRTYPE("fib_addrtype", 4, true),
    NFPROTO("nf_proto", 1, false),
    INTEGER("integer", 4, true),
    VERDICT("verdict", 0, false),
    UNKNOWN("unknown", 0, false);

    private final String typeName;
    private final int bytes;
    private final boolean hostEndian;

    FieldType(String typeName, int bytes, boolean hostEndian) {
        this.typeName = typeName;
        this.bytes = bytes;
        this.hostEndian = hostEndian;
    }

    public String typeName() {
        return typeName;
    }

    public int bytes() {
        return bytes;
    }

    public boolean hostEndian() {
        return hostEndian;
    }

    /** The type named in a set declaration ({@code ipv4_addr}), or of a {@code typeof} expression ({@code ip saddr}). */
    public static FieldType ofTypeName(String name) {
        for (FieldType t : values()) {
            if (t.typeName.equals(name)) {
                return t;
            }
        }
        return switch (name) {
            case "ip saddr", "ip daddr" -> IPV4_ADDR;
            case "ip6 saddr", "ip6 daddr" -> IPV6_ADDR;
            case "meta l4proto", "ip protocol", "ip6 nexthdr" -> INET_PROTO;
            case "th dport", "th sport", "tcp dport", "tcp sport", "udp dport", "udp sport", "sctp dport",
                 "sctp sport" -> INET_SERVICE;
            case "meta mark", "ct mark" -> MARK;
            case "iifname", "oifname", "meta iifname", "meta oifname" -> IFNAME;
            default -> UNKNOWN;
        };
    }

    /** The type of a field expression; UNKNOWN for fields kpsim does not model. */
    public static FieldType of(Expr e) {
        if (e instanceof Expr.Payload p) {
            return switch (p.field()) {
                case "saddr", "daddr" -> p.protocol().equals("ip") ? IPV4_ADDR
                        : p.protocol().equals("ip6") ? IPV6_ADDR : UNKNOWN;
                case "dport", "sport" -> INET_SERVICE;
                case "protocol", "nexthdr" -> INET_PROTO;
                default -> UNKNOWN;
            };
        }
        if (e instanceof Expr.Meta m) {
            return switch (m.key()) {
                case "mark" -> MARK;
                case "l4proto" -> INET_PROTO;
                case "iifname", "oifname" -> IFNAME;
                case "nfproto" -> NFPROTO;
                default -> UNKNOWN;
            };
        }
        if (e instanceof Expr.Ct c) {
            return switch (c.key()) {
                case "state" -> CT_STATE;
                case "status" -> CT_STATUS;
                case "mark" -> MARK;
                default -> UNKNOWN;
            };
        }
        if (e instanceof Expr.Fib f) {
            return f.result().equals("type") ? FIB_ADDRTYPE : f.result().equals("oifname") ? IFNAME : UNKNOWN;
        }
        if (e instanceof Expr.Numgen) {
            return INTEGER;
        }
        if (e instanceof Expr.Binop b) {
            return of(b.left());
        }
        return UNKNOWN;
    }

    /** Protocol names nft prints for inet_proto values. */
    public static Optional<String> protocolName(int number) {
        return switch (number) {
            case 1 -> Optional.of("icmp");
            case 6 -> Optional.of("tcp");
            case 17 -> Optional.of("udp");
            case 58 -> Optional.of("ipv6-icmp");
            case 132 -> Optional.of("sctp");
            case 136 -> Optional.of("udplite");
            case 33 -> Optional.of("dccp");
            case 47 -> Optional.of("gre");
            case 50 -> Optional.of("esp");
            case 51 -> Optional.of("ah");
            default -> Optional.empty();
        };
    }

    /** The protocol number of a name or number text ({@code tcp} → 6). */
    public static Optional<Integer> protocolNumber(String text) {
        for (int n : new int[] {1, 6, 17, 58, 132, 136, 33, 47, 50, 51}) {
            if (protocolName(n).orElseThrow().equals(text)) {
                return Optional.of(n);
            }
        }
        if (text.equals("icmpv6")) {
            return Optional.of(58);
        }
        try {
            int n = Integer.parseInt(text);
            return n >= 0 && n <= 255 ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
