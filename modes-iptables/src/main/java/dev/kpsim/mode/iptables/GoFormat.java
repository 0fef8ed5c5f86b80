package dev.kpsim.mode.iptables;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two Go {@code fmt} verbs whose output kube-proxy writes into rules: the masquerade mark
 * ({@code fmt.Sprintf("%#08x", 1<<bit)}, {@code NewProxier} in {@code pkg/proxy/iptables/proxier.go}) and the
 * statistic probability ({@code computeProbability}: {@code fmt.Sprintf("%0.10f", 1.0/float64(n))}, or
 * {@code %0.5f} before PR #83599). Pure functions.
 */
final class GoFormat {
    private GoFormat() {
    }

    /**
     * Go's {@code %#08x}: {@code 0x} followed by the hexadecimal digits zero-padded to eight (Go's zero padding
     * does not count the prefix), so {@code 0x4000} prints {@code 0x00004000}.
     */
    static String hexMark(int value) {
        return dev.kpsim.core.kubeproxy.MasqueradeMark.text(value);
    }

    /**
     * Go's {@code %0.<decimals>f} of {@code 1.0/k}: the exact binary double rounded half-even to the given number
     * of decimals, as Go's strconv does. {@code probability(3, 10)} is {@code 0.3333333333}.
     */
    static String probability(int k, int decimals) {
        return new BigDecimal(1.0 / k).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
