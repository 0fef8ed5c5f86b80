package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.text.CommonWords;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a restore line into arguments exactly as iptables-restore does ({@code add_param_to_argv} in
 * iptables/xshared.c): spaces and tabs separate arguments; a double quote opens a quoted part in which a backslash
 * escapes the next character and the closing quote also ends the argument; outside quotes a backslash is an ordinary
 * character. Unlike iptables (which silently accepts it) an unterminated quote is an error here, because it means the
 * input was cut or garbled.
 */
final class LineTokenizer {
    private LineTokenizer() {
    }

    /**
     * Arguments that recur on most lines of a kube-proxy dump (commands, options, modules, kube-proxy's fixed chains
     * and marks). An argument equal to one of them is this shared instance rather than a new substring, which spares
     * a 300,000-rule dump a few million short-lived strings.
     */
    private static final CommonWords COMMON_WORDS = new CommonWords(
        "-A", "-I", "-D", "-R", "-N", "-X", "-F", "-Z", "-P", "-E", "-m", "-j", "-g", "-p", "-s", "-d", "-i", "-o", "!",
        "comment", "--comment", "tcp", "udp", "sctp", "--dport", "--sport", "statistic", "--mode", "random",
        "--probability", "DNAT", "SNAT", "MASQUERADE", "--to-destination", "--to-source", "--random-fully", "ACCEPT",
        "DROP", "RETURN", "REJECT", "MARK", "--set-xmark", "--or-mark", "--xor-mark", "mark", "--mark", "conntrack",
        "--ctstate", "INVALID", "RELATED,ESTABLISHED", "addrtype", "--dst-type", "--src-type", "LOCAL", "multiport",
        "--dports", "KUBE-MARK-MASQ", "KUBE-MARK-DROP", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING",
        "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD", "KUBE-FIREWALL", "KUBE-PROXY-FIREWALL", "KUBE-PROXY-CANARY",
        "KUBE-KUBELET-CANARY", "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", "0x4000/0x4000", "0x4000",
        "0x8000/0x8000", "0x8000", "0/0", "--reject-with", "icmp-port-unreachable", "-", "[0:0]");

    /** {@code text.substring(from, to)}, as the shared instance when it is one of {@link #COMMON_WORDS}. */
    static String word(String text, int from, int to) {
        return COMMON_WORDS.word(text, from, to);
    }

    /**
     * Tokenises the line {@code text} from index {@code from}; token columns are 1-based positions in {@code text}.
     *
     * @throws LineError (code {@code unterminated-quote}) pointing at the opening quote
     */
    static List<Token> tokenize(String text, int from, LineScope scope) {
        List<Token> out = new ArrayList<>(16);
        int n = text.length();
        int i = from;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                i++;
                continue;
            }
            // an argument starts here: plain characters are taken as one substring; a quote switches to copying
            int start = i;
            while (i < n) {
                c = text.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '"') {
                    break;
                }
                i++;
            }
            if (i == n || c != '"') {
                out.add(new Token(word(text, start, i), start + 1, false));
                continue;
            }
            i = quotedArgument(text, start, i, out, scope);
        }
        return out;
    }

    /**
     * Reads an argument whose plain part {@code start..quote} is followed by a double quote at {@code quote}: the
     * quoted part, in which a backslash escapes the next character, ends the argument at its closing quote. Returns
     * the index after that quote.
     */
    private static int quotedArgument(String text, int start, int quote, List<Token> out, LineScope scope) {
        StringBuilder param = new StringBuilder(text.length() - start);
        param.append(text, start, quote);
        int n = text.length();
        int i = quote + 1;
        while (i < n) {
            char q = text.charAt(i);
            if (q == '\\') {
                if (i + 1 < n) {
                    param.append(text.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            if (q == '"') {
                out.add(new Token(param.toString(), start + 1, true));
                return i + 1;
            }
            param.append(q);
            i++;
        }
        throw scope.error(quote + 1, "unterminated-quote",
                "unterminated quote: the double quote opened here is never closed (truncated or garbled line?)");
    }
}
