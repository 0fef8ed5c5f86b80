package dev.kpsim.mode.userspace.render;

import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.UserspaceMode;
import dev.kpsim.mode.userspace.portal.PortalChains;

/**
 * The {@code restore} format of userspace mode (historical, removed in kube-proxy 1.26): a comment header naming the
 * mode as historical and listing the {@code iptablesInit} jumps into built-in chains, then the portal rules as an
 * {@code iptables-restore --noflush} payload in kube-proxy's argument order ({@code iptablesCommonPortalArgs}).
 * kube-proxy itself applied these rules one at a time with {@code iptables} ({@code EnsureChain}/{@code EnsureRule});
 * the payload has the same effect. {@code iptables-restore} skips the {@code #} lines.
 */
public final class RestoreRenderer {
    private RestoreRenderer() {
    }

    /** The header and payload, newline-terminated. */
    public static String render(UserspaceDataPlane dp) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# kube-proxy userspace mode: ").append(UserspaceMode.HISTORICAL).append('\n');
        sb.append("# node ").append(dp.nodeName()).append(", as kube-proxy ").append(dp.version())
                .append(", seed ").append(dp.seed()).append('\n');
        sb.append("# kube-proxy applied these rules one by one with iptables (EnsureChain/EnsureRule);"
                + " here as an iptables-restore --noflush payload.\n");
        sb.append("# Jumps from built-in chains (iptablesInit), not part of the payload:\n");
        for (PortalChains.InitRule r : PortalChains.initRules()) {
            sb.append("#   ").append(r.command()).append('\n');
        }
        sb.append(dp.payload().render());
        return sb.toString();
    }
}
