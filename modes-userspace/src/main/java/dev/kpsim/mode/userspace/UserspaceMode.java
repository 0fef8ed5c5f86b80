package dev.kpsim.mode.userspace;

import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.mode.userspace.generate.UserspaceGenerator;
import java.util.List;

/**
 * kube-proxy's userspace mode — historical (removed in kube-proxy 1.26): iptables only redirects Service traffic to a
 * port kube-proxy itself listens on, and kube-proxy copies the bytes to an endpoint chosen round robin, optionally
 * with ClientIP affinity ({@code pkg/proxy/userspace}, kube-proxy ≤ 1.25). Discovered through
 * {@link java.util.ServiceLoader} under the name {@code userspace}.
 *
 * <p>Formats: {@code restore} (the portal rules as an {@code iptables-restore} payload in kube-proxy's argument
 * order), {@code save} (what {@code iptables-save} then lists, printed from {@link UserspaceDataPlane#kernelRuleset()}
 * by sim-core's shared printer), {@code proxier} (the proxier's state and log). Stateless and thread-safe.
 */
public final class UserspaceMode implements ProxyMode {

    /** The label every rendering and note carries. */
    public static final String HISTORICAL = "historical (removed in kube-proxy 1.26)";

    /** {@code restore}: the portal rules as kube-proxy wrote them. */
    public static final String FORMAT_RESTORE = "restore";
    /** {@code proxier}: the userspace proxier's state and the log lines it wrote. */
    public static final String FORMAT_PROXIER = "proxier";
    /** {@code save}: what {@code iptables-save} lists on the node afterwards (the kernel's canonical rule form). */
    public static final String FORMAT_SAVE = "save";

    @Override
    public String name() {
        return "userspace";
    }

    @Override
    public List<String> formats() {
        return List.of(FORMAT_RESTORE, FORMAT_SAVE, FORMAT_PROXIER);
    }

    /** Generates with {@link UserspaceOptions#defaults()} (seed 0). */
    @Override
    public UserspaceDataPlane generate(ProxyInput input) {
        return generate(input, UserspaceOptions.defaults());
    }

    /**
     * What kube-proxy in userspace mode programs and holds on {@code input}'s node. Pure: same input and options,
     * same data plane.
     *
     * @throws dev.kpsim.core.diag.BadInputException for an unusable port range, pinned port or host address
     */
    public UserspaceDataPlane generate(ProxyInput input, UserspaceOptions options) {
        return UserspaceGenerator.generate(input, options);
    }
}
