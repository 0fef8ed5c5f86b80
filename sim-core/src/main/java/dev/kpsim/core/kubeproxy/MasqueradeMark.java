package dev.kpsim.core.kubeproxy;

/**
 * The masquerade mark as kube-proxy writes it into iptables rules: {@code fmt.Sprintf("%#08x", 1<<masqueradeBit)}
 * ({@code NewProxier} in {@code pkg/proxy/iptables/proxier.go} and {@code pkg/proxy/ipvs/proxier.go}). Go's zero
 * padding does not count the {@code 0x} prefix, so bit 14 prints {@code 0x00004000} — where C's and Java's
 * {@code %#08x} give {@code 0x004000}. Before v1.19 both proxiers wrote the pair {@code "%#08x/%#08x"}. Shared by
 * every mode that writes the mark; pure.
 */
public final class MasqueradeMark {
    private MasqueradeMark() {
    }

    /** Go's {@code %#08x} of a mark value: {@code 0x00004000}. */
    public static String text(int value) {
        String digits = Integer.toHexString(value);
        return "0x" + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }

    /** The value/mask pair {@code "%#08x/%#08x"}: {@code 0x00004000/0x00004000}. */
    public static String pairText(int value) {
        return text(value) + "/" + text(value);
    }
}
