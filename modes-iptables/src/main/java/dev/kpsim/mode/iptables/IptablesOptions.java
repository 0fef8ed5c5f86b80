package dev.kpsim.mode.iptables;

/**
 * Facts about the node's iptables installation that kube-proxy probes at start-up and that change its output,
 * but that a Kubernetes cluster description does not carry.
 *
 * @param markTextOverride the masquerade mark text to write instead of Go's {@code %#08x} rendering of
 *                         {@code 1 << masqueradeBit}; null for the real kube-proxy text ({@code 0x00004000}).
 *                         kube-proxy's own unit tests hard-code {@code "0x4000"}.
 * @param randomFully      iptables supports {@code --random-fully} ({@code HasRandomFully()}: iptables 1.6.2 or
 *                         newer), so the MASQUERADE rule gets it
 * @param nfacctAvailable  the kernel's nfacct counters could be ensured ({@code nfacct.Ensure}); when false the
 *                         nfacct matches are left out even in flavours that have them
 */
public record IptablesOptions(String markTextOverride, boolean randomFully, boolean nfacctAvailable) {

    /** A current Linux node: Go's mark text, iptables with {@code --random-fully}, nfacct available. */
    public static IptablesOptions realNode() {
        return new IptablesOptions(null, true, true);
    }

    /**
     * kube-proxy's {@code NewFakeProxier} in {@code pkg/proxy/iptables/proxier_test.go}: mark text
     * {@code "0x4000"}, a fake iptables without {@code --random-fully}, both nfacct counters present.
     */
    public static IptablesOptions upstreamUnitTest() {
        return new IptablesOptions("0x4000", false, true);
    }

    /** A copy with another mark text (null for Go's). */
    public IptablesOptions withMarkText(String text) {
        return new IptablesOptions(text, randomFully, nfacctAvailable);
    }

    /** A copy with {@code --random-fully} support switched. */
    public IptablesOptions withRandomFully(boolean on) {
        return new IptablesOptions(markTextOverride, on, nfacctAvailable);
    }

    /** A copy with nfacct availability switched. */
    public IptablesOptions withNfacct(boolean on) {
        return new IptablesOptions(markTextOverride, randomFully, on);
    }
}
