package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.match.AddrtypeMatch;
import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.ConntrackMatch;
import dev.kpsim.core.netfilter.match.MarkMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.NfacctMatch;
import dev.kpsim.core.netfilter.match.NthMatch;
import dev.kpsim.core.netfilter.match.PhysdevMatch;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.SetMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.StateMatch;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code -m MODULE …} as iptables-save prints each module, following the extension's save function: libxt_tcp/udp
 * ({@code tcp_save}), libxt_multiport ({@code __multiport_save_v1}), libxt_comment ({@code comment_save}),
 * libxt_statistic ({@code print_match} with {@code %.11f}), libxt_mark ({@code mark_mt_save}), libxt_conntrack
 * ({@code conntrack_dump}, revision 3), the state alias, libxt_addrtype ({@code addrtype_save_v1}), libxt_recent
 * ({@code recent_save}), libxt_set ({@code set_save_v4}), libxt_physdev ({@code physdev_save}), libxt_nfacct. Each
 * text starts with a space.
 */
final class MatchSaveText {
    private MatchSaveText() {
    }

    static String of(Match m, IpFamily family) {
        StringBuilder sb = new StringBuilder(64);
        if (m instanceof PortMatch p) {
            sb.append(" -m ").append(p.module());
            port(sb, "--sport", p.sourcePort());
            port(sb, "--dport", p.destinationPort());
            verbatim(sb, p.unmodeled());
        } else if (m instanceof MultiportMatch p) {
            sb.append(" -m multiport").append(p.negated() ? " !" : "");
            sb.append(p.side() == null ? " --ports " : p.side() == Side.SOURCE ? " --sports " : " --dports ");
            sb.append(p.ports().stream().map(PortRange::text).collect(Collectors.joining(",")));
        } else if (m instanceof CommentMatch c) {
            sb.append(" -m comment --comment ").append(SaveQuoting.saveString(c.text()));
        } else if (m instanceof RandomMatch r) {
            sb.append(" -m statistic --mode random").append(r.negated() ? " !" : "")
                    .append(" --probability ").append(r.savedText());
        } else if (m instanceof NthMatch n) {
            sb.append(" -m statistic --mode nth").append(n.negated() ? " !" : "").append(" --every ").append(n.every());
            if (n.packet() != 0) {
                sb.append(" --packet ").append(n.packet());
            }
        } else if (m instanceof MarkMatch k) {
            sb.append(" -m mark").append(k.negated() ? " !" : "").append(" --mark ").append(Values.hex(k.value()));
            if ((k.mask() & MarkMatch.FULL_MASK) != MarkMatch.FULL_MASK) {
                sb.append('/').append(Values.hex(k.mask()));
            }
        } else if (m instanceof ConntrackMatch c) {
            conntrack(sb, c, family);
        } else if (m instanceof StateMatch s) {
            sb.append(" -m state").append(s.negated() ? " !" : "").append(" --state ")
                    .append(CtStates.print(s.states()));
        } else if (m instanceof AddrtypeMatch a) {
            sb.append(" -m addrtype");
            if (a.srcType() != null) {
                sb.append(a.srcNegated() ? " !" : "").append(" --src-type ").append(addrtypes(a.srcType()));
            }
            if (a.dstType() != null) {
                sb.append(a.dstNegated() ? " !" : "").append(" --dst-type ").append(addrtypes(a.dstType()));
            }
            if (a.limitIfaceIn()) {
                sb.append(" --limit-iface-in");
            }
            if (a.limitIfaceOut()) {
                sb.append(" --limit-iface-out");
            }
        } else if (m instanceof RecentMatch r) {
            recent(sb, r, family);
        } else if (m instanceof SetMatch s) {
            set(sb, s);
        } else if (m instanceof PhysdevMatch p) {
            physdev(sb, p);
        } else if (m instanceof NfacctMatch n) {
            // libxt_nfacct prints the name with a leading space after its own " --nfacct-name " (observed: two spaces).
            sb.append(" -m nfacct --nfacct-name  ").append(n.name());
        } else if (m instanceof UnknownMatch u) {
            sb.append(" -m ").append(u.module());
            verbatim(sb, u.args());
        } else {
            throw new IllegalArgumentException("not a module match: " + m);
        }
        return sb.toString();
    }

    /** An addrtype list in the kernel's bit order ({@code print_types}); names kpsim does not know stay last. */
    private static String addrtypes(String list) {
        List<String> known = AddrtypeMatchParser.TYPES;
        return Arrays.stream(list.split(",")).distinct()
                .sorted(Comparator.comparingInt(t -> known.indexOf(t) < 0 ? known.size() : known.indexOf(t)))
                .collect(Collectors.joining(","));
    }

    private static void port(StringBuilder sb, String option, PortRange r) {
        if (r == null || (r.from() == 0 && r.to() == 65535)) {
            return;
        }
        sb.append(r.negated() ? " ! " : " ").append(option).append(' ').append(r.text());
    }

    /** Verbatim argument lists: options and {@code !} bare, values quoted when the tokeniser needs it. */
    static void verbatim(StringBuilder sb, List<String> args) {
        for (String a : args) {
            sb.append(' ').append(a.equals("!") || a.startsWith("-") ? a : SaveQuoting.verbatim(a));
        }
    }

    private static void conntrack(StringBuilder sb, ConntrackMatch c, IpFamily family) {
        sb.append(" -m conntrack");
        List<List<String>> groups = groups(c.unmodeled());
        for (String opt : ConntrackMatchParser.PRINT_ORDER) {
            switch (opt) {
                case "--ctstate" -> {
                    if (c.states() != null) {
                        sb.append(c.statesNegated() ? " !" : "").append(" --ctstate ").append(CtStates.print(c.states()));
                    }
                }
                case "--ctorigdst" -> {
                    if (c.origDst() != null) {
                        sb.append(c.origDstNegated() ? " !" : "").append(" --ctorigdst ").append(hostmask(c.origDst()));
                    }
                }
                case "--ctorigdstport" -> {
                    PortRange r = c.origDstPort();
                    if (r != null) {
                        sb.append(r.negated() ? " !" : "").append(" --ctorigdstport ").append(r.text());
                    }
                }
                default -> {
                    for (List<String> g : groups) {
                        if (g.contains(opt)) {
                            verbatim(sb, g);
                        }
                    }
                }
            }
        }
    }

    /** conntrack_dump_addr: address, then the mask as {@code /len}, nothing for a host mask. */
    private static String hostmask(Cidr c) {
        return c.isHost() ? c.address().toString() : c.address() + "/" + c.prefixLength();
    }

    /** Splits verbatim option tokens into groups, each an optional {@code !}, an option and its arguments. */
    static List<List<String>> groups(List<String> tokens) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = null;
        boolean bang = false;
        for (String t : tokens) {
            if (t.equals("!")) {
                bang = true;
                continue;
            }
            if (t.startsWith("--")) {
                cur = new ArrayList<>();
                if (bang) {
                    cur.add("!");
                }
                bang = false;
                out.add(cur);
            }
            if (cur != null) {
                cur.add(t);
            }
        }
        return out;
    }

    private static void recent(StringBuilder sb, RecentMatch r, IpFamily family) {
        sb.append(" -m recent").append(r.negated() ? " !" : "");
        sb.append(switch (r.mode()) {
            case SET -> " --set";
            case RCHECK -> " --rcheck";
            case UPDATE -> " --update";
            case REMOVE -> " --remove";
        });
        if (r.seconds() != null && r.seconds() != 0) {
            sb.append(" --seconds ").append(r.seconds());
        }
        if (r.reap()) {
            sb.append(" --reap");
        }
        if (r.hitcount() != null && r.hitcount() != 0) {
            sb.append(" --hitcount ").append(r.hitcount());
        }
        if (r.rttl()) {
            sb.append(" --rttl");
        }
        sb.append(" --name ").append(r.name() == null ? RecentMatch.DEFAULT_NAME : r.name());
        String mask = r.mask() == null ? RecentMatchParser.defaultMask(family) : r.mask();
        IpAddress parsed = family == IpFamily.IPV4
                ? Addresses.parseV4(mask).orElse(null) : IpAddress.tryParse(mask).orElse(null);
        sb.append(" --mask ").append(parsed == null ? mask : parsed.toString());
        sb.append(r.source() ? " --rsource" : " --rdest");
    }

    private static void set(StringBuilder sb, SetMatch s) {
        sb.append(" -m set").append(s.negated() ? " !" : "").append(" --match-set ").append(s.setName()).append(' ');
        sb.append(s.directions().stream().map(d -> d == Side.SOURCE ? "src" : "dst").collect(Collectors.joining(",")));
        List<List<String>> groups = groups(s.unmodeled());
        String[][] order = {{"--return-nomatch"}, {"--update-counters"}, {"--update-subcounters"},
            {"--packets-eq", "--packets-lt", "--packets-gt"}, {"--bytes-eq", "--bytes-lt", "--bytes-gt"}};
        for (String[] names : order) {
            for (List<String> g : groups) {
                String opt = g.get(g.get(0).equals("!") ? 1 : 0);
                boolean counterFlag = opt.equals("--update-counters") || opt.equals("--update-subcounters");
                if (List.of(names).contains(opt) && (!counterFlag || g.get(0).equals("!"))) {
                    verbatim(sb, g);
                }
            }
        }
    }

    private static void physdev(StringBuilder sb, PhysdevMatch p) {
        sb.append(" -m physdev");
        if (p.isIn() != null) {
            sb.append(p.isIn() ? "" : " !").append(" --physdev-is-in");
        }
        if (p.physdevIn() != null) {
            sb.append(p.physdevInNegated() ? " !" : "").append(" --physdev-in ").append(p.physdevIn());
        }
        if (p.isOut() != null) {
            sb.append(p.isOut() ? "" : " !").append(" --physdev-is-out");
        }
        if (p.physdevOut() != null) {
            sb.append(p.physdevOutNegated() ? " !" : "").append(" --physdev-out ").append(p.physdevOut());
        }
        if (p.isBridged() != null) {
            sb.append(p.isBridged() ? "" : " !").append(" --physdev-is-bridged");
        }
    }
}
