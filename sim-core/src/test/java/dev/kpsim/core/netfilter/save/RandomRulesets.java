package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Counters;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.Table;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.CtState;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.MasqueradeTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RedirectTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.SnatTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Builds random but kernel-valid rulesets straight in the model (no written text), using every match and target
 * kind: the input of the print → parse → print properties.
 */
final class RandomRulesets {
    private final Random rnd;
    private IpFamily family;

    private RandomRulesets(Random rnd) {
        this.rnd = rnd;
    }

    static Ruleset generate(Random rnd) {
        return new RandomRulesets(rnd).ruleset();
    }

    private boolean p(double probability) {
        return rnd.nextDouble() < probability;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String word(String alphabet, int min, int max) {
        int n = min + rnd.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private Ruleset ruleset() {
        family = p(0.5) ? IpFamily.IPV4 : IpFamily.IPV6;
        List<String> names = new ArrayList<>(List.of("filter", "nat", "mangle", "raw"));
        java.util.Collections.shuffle(names, rnd);
        List<Table> tables = new ArrayList<>();
        for (String t : names.subList(0, 1 + rnd.nextInt(names.size()))) {
            tables.add(table(t));
        }
        return new Ruleset(family, tables);
    }

    private Table table(String name) {
        List<String> user = new ArrayList<>();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
            String c = pick("KUBE-SVC-" + word("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16),
                    "cali-fw-" + word("abcdef0123456789", 11, 11), "DOCKER-USER", "FLANNEL-FWD", "my.chain_" + i);
            if (!user.contains(c)) {
                user.add(c);
            }
        }
        List<Chain> chains = new ArrayList<>();
        for (String b : Table.builtinChains(name)) {
            if (p(0.9)) {
                chains.add(new Chain(b, pick("ACCEPT", "DROP"), counters(), rules(name, user)));
            }
        }
        for (String u : user) {
            chains.add(new Chain(u, null, p(0.8) ? Counters.ZERO : counters(), rules(name, user)));
        }
        return new Table(name, chains);
    }

    private Counters counters() {
        return new Counters(rnd.nextInt(1_000_000), Math.abs(rnd.nextLong() % 10_000_000_000L));
    }

    private List<Rule> rules(String table, List<String> user) {
        List<Rule> out = new ArrayList<>();
        int n = rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            out.add(rule(table, user));
        }
        return out;
    }

    private Cidr cidr() {
        if (family == IpFamily.IPV4) {
            return new Cidr(IpAddress.v4(rnd.nextInt()), rnd.nextInt(33));
        }
        return new Cidr(new IpAddress(IpFamily.IPV6, rnd.nextLong(), rnd.nextLong()), rnd.nextInt(129));
    }

    private IpAddress address() {
        return cidr().address().plus(rnd.nextInt(1000));
    }

    private PortRange ports(boolean negatable) {
        int from = rnd.nextInt(65536);
        int to = p(0.5) ? from : from + rnd.nextInt(65536 - from);
        return new PortRange(from, to, negatable && p(0.3));
    }

    private Rule rule(String table, List<String> user) {
        List<Match> ms = new ArrayList<>();
        if (p(0.4)) {
            ms.add(new AddressMatch(Side.SOURCE, cidr(), p(0.3)));
        }
        if (p(0.4)) {
            ms.add(new AddressMatch(Side.DESTINATION, cidr(), p(0.3)));
        }
        if (p(0.2)) {
            ms.add(new InterfaceMatch(true, iface(), p(0.3)));
        }
        if (p(0.2)) {
            ms.add(new InterfaceMatch(false, iface(), p(0.3)));
        }
        String proto = null;
        boolean protoNegated = false;
        if (p(0.6)) {
            proto = pick("tcp", "udp", "sctp", family == IpFamily.IPV4 ? "icmp" : "ipv6-icmp");
            protoNegated = proto.contains("icmp") && p(0.3);
            ms.add(new ProtocolMatch(proto, protoNegated));
        }
        boolean portProto = proto != null && !protoNegated && !proto.contains("icmp");
        boolean portUsed = false;
        int modules = rnd.nextInt(5);
        for (int i = 0; i < modules; i++) {
            int kind = rnd.nextInt(15);
            if ((kind == 0 || kind == 1) && !portProto) {
                kind = 2;
            }
            if (kind == 0 && portUsed) {
                kind = 2;
            }
            switch (kind) {
                case 0 -> {
                    portUsed = true;
                    List<String> extra = proto.equals("tcp") && p(0.2) ? List.of("!", "--syn") : List.of();
                    ms.add(new PortMatch(proto, p(0.5) ? ports(true) : null, p(0.7) ? ports(true) : null, extra));
                }
                case 1 -> {
                    List<PortRange> list = new ArrayList<>();
                    int count = 0;
                    int max = 1 + rnd.nextInt(7);
                    while (count < max) {
                        int a = rnd.nextInt(65000);
                        if (p(0.3)) {
                            list.add(new PortRange(a, a + 1 + rnd.nextInt(100), false));
                            count += 2;
                        } else {
                            list.add(PortRange.single(a));
                            count++;
                        }
                    }
                    ms.add(new MultiportMatch(pick(Side.SOURCE, Side.DESTINATION, null), list, p(0.2)));
                }
                case 2 -> ms.add(new CommentMatch(word("abcXYZ019 :/_-.\"'\\é;\t", 0, 40)));
                case 3 -> ms.add(RandomMatch.of(String.format(Locale.ROOT, pick("%.5f", "%.10f"), rnd.nextDouble()), p(0.1)));
                case 4 -> {
                    int every = 1 + rnd.nextInt(10);
                    ms.add(new NthMatch(every, rnd.nextInt(every), p(0.2)));
                }
                case 5 -> ms.add(new MarkMatch(rnd.nextInt() & 0xFFFFFFFFL, p(0.5) ? MarkMatch.FULL_MASK : rnd.nextInt() & 0xFFFFFFFFL, p(0.3)));
                case 6 -> ms.add(conntrack());
                case 7 -> ms.add(new StateMatch(states(false), p(0.3)));
                case 8 -> {
                    boolean src = p(0.6);
                    boolean dst = !src || p(0.5);
                    boolean in = p(0.2);
                    ms.add(new AddrtypeMatch(src ? types() : null, src && p(0.3), dst ? types() : null, dst && p(0.3), in,
                            !in && p(0.2)));
                }
                case 9 -> ms.add(recent());
                case 10 -> ms.add(new SetMatch(word("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh0123456789-_", 1, 31),
                        sides(), p(0.2), pick(List.of(), List.of("--return-nomatch"), List.of("!", "--update-counters"),
                                List.of("--packets-gt", "10", "!", "--update-subcounters"))));
                case 11 -> {
                    Boolean isIn = p(0.3) ? p(0.5) : null;
                    String name = p(0.5) || isIn == null ? iface() : null;
                    ms.add(new PhysdevMatch(name, name != null && p(0.3), p(0.3) ? iface() : null, p(0.2), isIn,
                            p(0.2) ? p(0.5) : null, p(0.4) ? p(0.7) : null));
                }
                case 12 -> ms.add(new NfacctMatch(word("abcdefghij_", 1, 31)));
                case 13 -> ms.add(pick(new UnknownMatch("limit", List.of("--limit", "5/min", "--limit-burst", "10")),
                        new UnknownMatch("string", List.of("--string", "GET /x", "--algo", "bm")),
                        new UnknownMatch("owner", List.of("!", "--uid-owner", "1000"))));
                default -> ms.add(new CommentMatch("kube-system/kube-dns:dns cluster IP"));
            }
        }
        return new Rule(ms, target(table, user, portProto), null, p(0.3) ? counters() : null, null, SourceLocation.UNKNOWN);
    }

    private String iface() {
        return pick("eth0", "cni0", "docker0", "cali+", "veth1a2b3c4d", "lo", "+", "flannel.1", "tunl0", "wg0");
    }

    private Set<CtState> states(boolean virtual) {
        Set<CtState> s = EnumSet.noneOf(CtState.class);
        for (CtState c : CtState.values()) {
            if ((virtual || (c != CtState.SNAT && c != CtState.DNAT)) && p(0.35)) {
                s.add(c);
            }
        }
        if (s.isEmpty()) {
            s.add(CtState.NEW);
        }
        return s;
    }

    private String types() {
        List<String> all = new ArrayList<>(AddrtypeMatchParser.TYPES);
        java.util.Collections.shuffle(all, rnd);
        return String.join(",", all.subList(0, 1 + rnd.nextInt(3)));
    }

    private List<Side> sides() {
        List<Side> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(pick(Side.SOURCE, Side.DESTINATION));
        }
        return out;
    }

    private ConntrackMatch conntrack() {
        Set<CtState> st = p(0.7) ? states(true) : null;
        Cidr dst = p(0.3) ? cidr() : null;
        PortRange port = p(0.3) ? ports(true) : null;
        List<String> extra = pick(List.of(), List.of("--ctstatus", "ASSURED"), List.of("--ctdir", "REPLY"),
                List.of("!", "--ctproto", "6", "--ctexpire", "10:20"));
        if (st == null && dst == null && port == null && extra.isEmpty()) {
            st = Set.of(CtState.INVALID);
        }
        return new ConntrackMatch(st, st != null && p(0.3), dst, p(0.3), port, extra);
    }

    private RecentMatch recent() {
        RecentMatch.Mode mode = pick(RecentMatch.Mode.values());
        Integer seconds = p(0.5) ? 1 + rnd.nextInt(100_000) : null;
        boolean rttl = (mode == RecentMatch.Mode.RCHECK || mode == RecentMatch.Mode.UPDATE) && p(0.2);
        String mask = family == IpFamily.IPV4
                ? pick("255.255.255.255", "255.255.255.0", "255.255.0.0")
                : pick("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff::");
        return new RecentMatch(mode, "KUBE-SEP-" + word("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16), seconds,
                seconds != null && p(0.5), p(0.2) ? 1 + rnd.nextInt(20) : null, rttl, mask, p(0.8), p(0.1));
    }

    private NatRange natRange(boolean portProto) {
        IpAddress from = address();
        IpAddress to = p(0.2) ? from.plus(1 + rnd.nextInt(5)) : from;
        int port = portProto && p(0.7) ? 1 + rnd.nextInt(65535) : 0;
        int portTo = port != 0 && p(0.2) ? Math.min(65535, port + rnd.nextInt(100)) : port;
        boolean portOnly = port != 0 && p(0.1);
        return new NatRange(portOnly ? null : from, portOnly ? null : to, port, portTo);
    }

    private Target target(String table, List<String> user, boolean portProto) {
        int kind = rnd.nextInt(16);
        if (kind >= 12 && !table.equals("nat")) {
            kind = kind - 12;
        }
        return switch (kind) {
            case 0 -> pick(StandardTarget.ACCEPT, StandardTarget.DROP, StandardTarget.RETURN);
            case 1, 2 -> user.isEmpty() ? StandardTarget.RETURN : new JumpTarget(pick(user.toArray(String[]::new)), p(0.2));
            case 3 -> new RejectTarget(p(0.5) ? null : family == IpFamily.IPV4
                    ? pick("tcp-reset", "icmp-host-prohibited", "icmp-net-unreachable", "icmp-admin-prohibited")
                    : pick("tcp-reset", "icmp6-adm-prohibited", "icmp6-no-route", "icmp6-addr-unreachable"));
            case 4 -> {
                MarkTarget.Op op = pick(MarkTarget.Op.values());
                long v = rnd.nextInt() & 0xFFFFFFFFL;
                yield new MarkTarget(op, v, p(0.5) ? MarkMatch.FULL_MASK : rnd.nextInt() & 0xFFFFFFFFL, "0x" + Long.toHexString(v));
            }
            case 5 -> new ConnmarkTarget(pick(ConnmarkTarget.Op.SET_XMARK, ConnmarkTarget.Op.SAVE_MARK, ConnmarkTarget.Op.RESTORE_MARK),
                    rnd.nextInt() & 0xFFFFFFFFL, rnd.nextInt() & 0xFFFFFFFFL, List.of());
            case 6 -> pick(new ContinueTarget("LOG", List.of("--log-prefix", word("abc:- \"x", 1, 20), "--log-level", "5")),
                    new ContinueTarget("NFLOG", List.of("--nflog-group", "2", "--nflog-prefix", "-kp")),
                    new ContinueTarget("TRACE", List.of()));
            case 7 -> pick(new UnknownTarget("CT", List.of("--notrack")), new UnknownTarget("NOTRACK", List.of()),
                    new UnknownTarget("TPROXY", List.of("--on-port", "15001", "--tproxy-mark", "0x1/0x1")));
            case 8, 9, 10, 11 -> p(0.5) ? NoTarget.INSTANCE : StandardTarget.ACCEPT;
            case 12 -> new DnatTarget(natRange(portProto), p(0.2), p(0.2));
            case 13 -> new SnatTarget(natRange(portProto), p(0.2), p(0.2), p(0.2));
            case 14 -> new MasqueradeTarget(portProto && p(0.4) ? "1024-65535" : null, p(0.2), p(0.5));
            default -> new RedirectTarget(portProto && p(0.7) ? Integer.toString(1 + rnd.nextInt(65535)) : null, p(0.2));
        };
    }
}
