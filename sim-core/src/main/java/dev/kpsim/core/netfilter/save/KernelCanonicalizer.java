package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.Rule;
import dev.kpsim.core.netfilter.match.AddressMatch;
import dev.kpsim.core.netfilter.match.InterfaceMatch;
import dev.kpsim.core.netfilter.match.Match;
import dev.kpsim.core.netfilter.match.ProtocolMatch;
import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.netfilter.match.UnknownMatch;
import dev.kpsim.core.netfilter.target.NoTarget;

/**
 * The rule text the kernel gives back: what {@code iptables-save} prints after {@code -A CHAIN} for a rule, whatever
 * order and spelling it was written in. This is the print side of the kernel's canonicalisation — parsing a rule
 * stores what the kernel stores, and this renders it as iptables' {@code print_rule4}/{@code nft_rule_print_save} do:
 * {@code [!] -s a/len [!] -d a/len [!] -i IF [!] -o IF [!] -p PROTO [[!] -f]}, then each {@code -m MODULE} with its
 * options in the order the extension's save function prints them, in the rule's module order, then
 * {@code -j|-g TARGET} with its options. Host addresses get {@code /32} or {@code /128}; {@code 0.0.0.0/0} is left
 * out. See {@link MatchSaveText} and {@link TargetSaveText} for each extension.
 *
 * <p>O(rule size). Stateless and thread-safe.
 */
public final class KernelCanonicalizer {
    private KernelCanonicalizer() {
    }

    /**
     * The canonical arguments of a rule, without {@code -A CHAIN} and without counters; empty for a rule with no
     * matches and no target (printed as just {@code -A CHAIN}).
     *
     * @param family the ruleset's family (addresses, reject types and default masks depend on it)
     * @param style  how {@code -j MARK --set-xmark} values are printed
     */
    public static String ruleArgs(Rule rule, IpFamily family, MarkStyle style) {
        StringBuilder sb = new StringBuilder(128);
        for (Match m : rule.matches()) {
            if (m instanceof AddressMatch a && a.side() == Side.SOURCE) {
                address(sb, 's', a);
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof AddressMatch a && a.side() == Side.DESTINATION) {
                address(sb, 'd', a);
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof InterfaceMatch f && f.input()) {
                iface(sb, 'i', f);
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof InterfaceMatch f && !f.input()) {
                iface(sb, 'o', f);
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof ProtocolMatch p) {
                int n = Protocols.number(p.protocol()).orElse(-1);
                if (n != 0) {
                    sb.append(p.negated() ? " ! -p " : " -p ").append(n < 0 ? p.protocol() : Protocols.saveName(n));
                }
            }
        }
        for (Match m : rule.matches()) {
            if (m instanceof UnknownMatch u && u.module().equals("-f")) {
                sb.append(u.args().contains("!") ? " ! -f" : " -f");
            }
        }
        for (Match m : rule.matches()) {
            if (!isBase(m)) {
                sb.append(MatchSaveText.of(m, family));
            }
        }
        if (!(rule.target() instanceof NoTarget)) {
            sb.append(TargetSaveText.of(rule.target(), family, style));
        }
        return sb.length() == 0 ? "" : sb.substring(1);
    }

    /** Whether two rules are the same kernel entry (as {@code iptables -C}/{@code -D RULE} compare them). */
    public static boolean sameEntry(Rule a, Rule b, IpFamily family) {
        return ruleArgs(a, family, MarkStyle.KERNEL).equals(ruleArgs(b, family, MarkStyle.KERNEL));
    }

    static boolean isBase(Match m) {
        return m instanceof AddressMatch || m instanceof InterfaceMatch || m instanceof ProtocolMatch
                || (m instanceof UnknownMatch u && u.module().equals("-f"));
    }

    private static void address(StringBuilder sb, char letter, AddressMatch a) {
        Cidr c = a.cidr();
        if (c.prefixLength() == 0 && !a.negated()) {
            return;
        }
        sb.append(a.negated() ? " ! -" : " -").append(letter).append(' ').append(c.address()).append('/')
                .append(c.prefixLength());
    }

    private static void iface(StringBuilder sb, char letter, InterfaceMatch f) {
        if (f.name().isEmpty() || (f.name().equals("+") && !f.negated())) {
            return;
        }
        sb.append(f.negated() ? " ! -" : " -").append(letter).append(' ').append(f.name());
    }
}
