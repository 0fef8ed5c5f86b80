package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.target.NatRange;

/**
 * NAT ranges as libxt_NAT.c parses them ({@code parse_to}, {@code parse_ports}): {@code [IP[-IP]][:PORT[-PORT]]},
 * IPv6 in brackets when a port follows, port ranges with a dash. Ports are allowed only with {@code -p tcp}, udp,
 * sctp, dccp or icmp. Shifted port maps ({@code /BASE}) are refused: kpsim does not model them.
 */
final class NatRanges {
    private NatRanges() {
    }

    static NatRange parse(Token token, RuleFacts facts, LineScope scope) {
        String s = token.text();
        String addrPart;
        String portPart = null;
        int lb = s.indexOf('[');
        if (lb < 0) {
            int c = s.indexOf(':');
            if (c >= 0 && s.indexOf(':', c + 1) >= 0) {
                c = -1;
            }
            if (c >= 0) {
                portPart = s.substring(c + 1);
                addrPart = s.substring(0, c);
            } else {
                addrPart = s;
            }
        } else {
            int rb = s.indexOf(']', lb);
            if (rb < 0 || facts.family() == IpFamily.IPV4) {
                throw scope.error(token, "bad-address", "invalid address format '" + s + "'");
            }
            addrPart = s.substring(lb + 1, rb);
            String rest = s.substring(rb + 1);
            if (rest.startsWith(":")) {
                portPart = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw scope.error(token, "bad-address", "garbage after ']' in '" + s + "'");
            }
        }
        int[] ports = portPart == null ? new int[] {0, 0} : ports(portPart, token, facts, scope);
        if (addrPart.isEmpty()) {
            if (portPart == null) {
                throw scope.error(token, "bad-address", "empty NAT range");
            }
            return new NatRange(null, null, ports[0], ports[1]);
        }
        int dash = addrPart.indexOf('-');
        IpAddress from = Addresses.parseHost(dash < 0 ? addrPart : addrPart.substring(0, dash), token, facts.family(), scope);
        IpAddress to = dash < 0 ? from : Addresses.parseHost(addrPart.substring(dash + 1), token, facts.family(), scope);
        return new NatRange(from, to, ports[0], ports[1]);
    }

    /** {@code P} or {@code P-Q}; {@code {from, to}}. */
    static int[] ports(String text, Token token, RuleFacts facts, LineScope scope) {
        if (!portsAllowed(facts)) {
            throw scope.error(token, "missing-protocol", "need -p tcp, udp, sctp or dccp with a port specification");
        }
        if (text.indexOf('/') >= 0) {
            throw scope.error(token, "unsupported-option", "shifted port maps ('/BASE') are not supported by kpsim");
        }
        if (text.indexOf(':') >= 0) {
            throw scope.error(token, "bad-port", "invalid port:port syntax in '" + text + "' - use a dash");
        }
        int dash = text.indexOf('-');
        int from = Ports.port(dash < 0 ? text : text.substring(0, dash), token, scope);
        int to = dash < 0 ? from : Ports.port(text.substring(dash + 1), token, scope);
        if (to < from) {
            throw scope.error(token, "bad-port", "port range '" + text + "' runs backwards");
        }
        return new int[] {from, to};
    }

    private static boolean portsAllowed(RuleFacts f) {
        int p = f.protocol();
        return p == Protocols.TCP || p == Protocols.UDP || p == Protocols.SCTP || p == Protocols.DCCP || p == Protocols.ICMP;
    }

    /** The canonical {@code --to-ports} text: {@code P} or {@code P-Q}. */
    static String portsText(int[] ports) {
        return ports[0] == ports[1] ? Integer.toString(ports[0]) : ports[0] + "-" + ports[1];
    }
}
