package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.PortRange;
import java.util.OptionalLong;

/** Port and port-range parsing as the tcp/udp/sctp, multiport and conntrack extensions do it (numbers only). */
final class Ports {
    private Ports() {
    }

    static int port(String text, Token token, LineScope scope) {
        OptionalLong v = Values.unsigned(text, 65535);
        if (v.isEmpty()) {
            throw scope.error(token, "bad-port", "'" + text + "' is not a port number (0-65535; service names are not looked up)");
        }
        return (int) v.getAsLong();
    }

    /**
     * {@code N}, {@code N:M}, {@code :M} (from 0) or {@code N:} (to 65535), as libxt_tcp's {@code parse_tcp_ports}.
     */
    static PortRange range(Token token, boolean negated, LineScope scope) {
        String text = token.text();
        int colon = text.indexOf(':');
        if (colon < 0) {
            int p = port(text, token, scope);
            return new PortRange(p, p, negated);
        }
        String a = text.substring(0, colon);
        String b = text.substring(colon + 1);
        int from = a.isEmpty() ? 0 : port(a, token, scope);
        int to = b.isEmpty() ? 65535 : port(b, token, scope);
        if (from > to) {
            throw scope.error(token, "bad-port", "invalid port range '" + text + "' (min > max)");
        }
        return new PortRange(from, to, negated);
    }
}
