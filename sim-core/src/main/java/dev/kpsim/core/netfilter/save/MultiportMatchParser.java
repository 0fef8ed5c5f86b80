package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.MultiportMatch;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.match.Side;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -m multiport [!] --sports|--dports|--ports LIST} (libxt_multiport.c, revision 1): up to 15 ports, a range
 * {@code a:b} counting as two. Needs {@code -p tcp|udp|udplite|sctp|dccp}.
 */
final class MultiportMatchParser extends MatchExtension {
    private static final int MAX_PORTS = 15;
    private MultiportMatch result;

    MultiportMatchParser(Token nameToken) {
        super("multiport", nameToken);
    }

    @Override
    int arity(String option) {
        return switch (option) {
            case "--sports", "--source-ports", "--dports", "--destination-ports", "--ports" -> 1;
            default -> UNKNOWN;
        };
    }

    @Override
    boolean invertible(String option) {
        return true;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        if (result != null) {
            throw scope.error(o.token(), "bad-option", "multiport takes only one of --sports, --dports and --ports");
        }
        Side side = switch (o.name()) {
            case "--sports", "--source-ports" -> Side.SOURCE;
            case "--dports", "--destination-ports" -> Side.DESTINATION;
            default -> null;
        };
        Token list = o.arg(0);
        List<PortRange> ports = new ArrayList<>();
        int count = 0;
        for (String part : list.text().split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                int p = Ports.port(part, list, scope);
                ports.add(PortRange.single(p));
                count++;
            } else {
                int from = Ports.port(part.substring(0, colon), list, scope);
                int to = Ports.port(part.substring(colon + 1), list, scope);
                if (from >= to) {
                    throw scope.error(list, "bad-port", "invalid port range '" + part + "' in multiport list");
                }
                ports.add(new PortRange(from, to, false));
                count += 2;
            }
        }
        if (count > MAX_PORTS) {
            throw scope.error(list, "bad-port", "too many ports in multiport list (at most 15, a range counts as two)");
        }
        result = new MultiportMatch(side, ports, o.negated());
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (result == null) {
            throw scope.error(nameToken, "missing-option", "multiport needs --sports, --dports or --ports");
        }
        if (!facts.hasPortProtocol()) {
            throw scope.error(nameToken, "missing-protocol",
                    "multiport needs '-p tcp', '-p udp', '-p udplite', '-p sctp' or '-p dccp' in the same rule");
        }
        return result;
    }
}
