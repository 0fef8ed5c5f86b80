package dev.kpsim.core.netfilter.save;

import java.util.Set;

/**
 * The registry of extensions kpsim reads: which parser handles {@code -m NAME} and {@code -j NAME}. Names are
 * case-sensitive as in iptables (matches lower case, targets upper case).
 */
final class Extensions {
    private Extensions() {
    }

    /**
     * Target extensions of iptables that kpsim does not model; {@code -j} with one of these names is an
     * {@code UnknownTarget} even without options (a chain cannot have a target's name).
     */
    private static final Set<String> UNMODELLED_TARGETS = Set.of("AUDIT", "CHECKSUM", "CLASSIFY", "CLUSTERIP",
            "CONNSECMARK", "CT", "DNPT", "DSCP", "ECN", "HL", "HMARK", "IDLETIMER", "LED", "NETMAP", "NFQUEUE",
            "NOTRACK", "QUEUE", "RATEEST", "SECMARK", "SET", "SNPT", "SYNPROXY", "TCPMSS", "TCPOPTSTRIP", "TEE", "TOS",
            "TPROXY", "TTL", "ULOG", "MIRROR", "SAME");

    static MatchExtension match(Token name) {
        return switch (name.text()) {
            case "tcp", "udp", "sctp" -> new PortMatchParser(name.text(), name);
            case "multiport" -> new MultiportMatchParser(name);
            case "comment" -> new CommentMatchParser(name);
            case "statistic" -> new StatisticMatchParser(name);
            case "mark" -> new MarkMatchParser(name);
            case "conntrack" -> new ConntrackMatchParser(name);
            case "state" -> new StateMatchParser(name);
            case "addrtype" -> new AddrtypeMatchParser(name);
            case "recent" -> new RecentMatchParser(name);
            case "set" -> new SetMatchParser(name);
            case "physdev" -> new PhysdevMatchParser(name);
            case "nfacct" -> new NfacctMatchParser(name);
            default -> new UnknownMatchParser(name.text(), name);
        };
    }

    /** The parser for {@code -j NAME} ({@code isGoto == false}) or {@code -g NAME}. */
    static TargetExtension target(Token name, boolean isGoto) {
        if (isGoto) {
            return new ChainTargetParser(name.text(), name, true);
        }
        return switch (name.text()) {
            case "ACCEPT", "DROP", "RETURN" -> new StandardTargetParser(name.text(), name);
            case "REJECT" -> new RejectTargetParser(name);
            case "DNAT", "SNAT" -> new NatTargetParser(name.text(), name);
            case "MASQUERADE", "REDIRECT" -> new PortsTargetParser(name.text(), name);
            case "MARK" -> new MarkTargetParser(name);
            case "CONNMARK" -> new ConnmarkTargetParser(name);
            case "LOG", "NFLOG", "TRACE" -> new VerbatimTargetParser(name.text(), name, true);
            default -> UNMODELLED_TARGETS.contains(name.text())
                    ? new VerbatimTargetParser(name.text(), name, false)
                    : new ChainTargetParser(name.text(), name, false);
        };
    }
}
