package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.netfilter.Chain;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.Ruleset;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.PortMatch;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.RandomMatch;
import dev.kpsim.core.netfilter.match.RecentMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.save.SaveOptions;
import dev.kpsim.core.netfilter.save.SavePrinter;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions the analyses ask about parsed iptables rules, answered from the rule model (not from text). */
final class IptablesRules {
    private IptablesRules() {
    }

    /** The rules of a chain, empty if the chain does not exist. */
    static List<Rule> rules(Ruleset rs, String table, String chain) {
        return rs.chain(table, chain).map(Chain::rules).orElse(List.of());
    }

    /**
     * True if the rule matches exactly destination {@code ip} (a host address), port and protocol; with {@code ip}
     * null, a rule with no destination address (a NodePort rule).
     */
    static boolean matchesDestination(Rule r, IpAddress ip, int port, Protocol protocol) {
        boolean addr = ip == null;
        boolean portOk = false;
        boolean proto = false;
        for (Match m : r.matches()) {
            if (m instanceof AddressMatch a && a.side() == Side.DESTINATION) {
                if (ip == null) {
                    return false;
                }
                addr |= !a.negated() && a.cidr().isHost() && a.cidr().address().equals(ip);
            } else if (m instanceof PortMatch p && p.destinationPort() != null && !p.destinationPort().negated()
                    && p.destinationPort().from() == port && p.destinationPort().to() == port) {
                portOk = true;
            } else if (m instanceof ProtocolMatch p && !p.negated() && p.protocol().equalsIgnoreCase(protocol.lower())) {
                proto = true;
            }
        }
        return addr && portOk && proto;
    }

    static Optional<String> jump(Rule r) {
        return r.target() instanceof JumpTarget j ? Optional.of(j.chain()) : Optional.empty();
    }

    static boolean dropsOrRejects(Rule r) {
        return r.target() instanceof RejectTarget
                || (r.target() instanceof StandardTarget s && s.kind() == StandardTarget.Kind.DROP);
    }

    /** The DNAT destination of the rule, if it is a single-address DNAT. */
    static Optional<HostPort> dnat(Rule r) {
        if (r.target() instanceof DnatTarget d && d.to().fromIp() != null && d.to().fromIp().equals(d.to().toIp())
                && d.to().fromPort() != 0) {
            return Optional.of(new HostPort(d.to().fromIp(), d.to().fromPort()));
        }
        return Optional.empty();
    }

    /** True if the rule marks traffic from exactly {@code ip} for masquerade (the KUBE-SEP hairpin rule). */
    static boolean masqueradesSource(Rule r, IpAddress ip) {
        boolean src = r.matches().stream().anyMatch(m -> m instanceof AddressMatch a && a.side() == Side.SOURCE
                && !a.negated() && a.cidr().isHost() && a.cidr().address().equals(ip));
        boolean mark = r.target() instanceof MarkTarget
                || (r.target() instanceof JumpTarget j && j.chain().equals("KUBE-MARK-MASQ"));
        return src && mark;
    }

    static boolean hasRecentCheck(Rule r) {
        return r.matches().stream().anyMatch(m -> m instanceof RecentMatch rm && rm.mode() == RecentMatch.Mode.RCHECK);
    }

    static Optional<RandomMatch> statistic(Rule r) {
        return r.matches().stream().filter(m -> m instanceof RandomMatch).map(m -> (RandomMatch) m).findFirst();
    }

    /** The line {@code iptables-save} prints for the rule. */
    static String line(String chain, Rule r, IpFamily family) {
        return SavePrinter.ruleLine(chain, r, family, SaveOptions.DEFAULT);
    }

    /** Every rule of any chain in {@code table} jumping to {@code target}, as save lines. */
    static List<String> jumpsTo(Ruleset rs, String table, String target) {
        List<String> out = new ArrayList<>();
        rs.table(table).ifPresent(t -> t.chains().forEach(c -> c.rules().forEach(r -> {
            if (jump(r).map(target::equals).orElse(false)) {
                out.add(line(c.name(), r, rs.family()));
            }
        })));
        return out;
    }

    /** All lines of a chain. */
    static List<String> chainLines(Ruleset rs, String table, String chain) {
        return rules(rs, table, chain).stream().map(r -> line(chain, r, rs.family())).toList();
    }
}
