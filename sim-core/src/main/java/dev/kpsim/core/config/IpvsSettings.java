package dev.kpsim.core.config;

import java.util.List;

/**
 * The {@code ipvs:} section of a KubeProxyConfiguration. {@code scheduler} "" means kube-proxy's default
 * {@code rr}. Timeouts are seconds (0 = leave the kernel's value).
 */
public record IpvsSettings(String scheduler, boolean strictArp, List<String> excludeCidrs,
                           int tcpTimeoutSeconds, int tcpFinTimeoutSeconds, int udpTimeoutSeconds) {
    public IpvsSettings {
        scheduler = scheduler == null ? "" : scheduler;
        excludeCidrs = excludeCidrs == null ? List.of() : List.copyOf(excludeCidrs);
    }

    public static IpvsSettings defaults() {
        return new IpvsSettings("", false, List.of(), 0, 0, 0);
    }

    /** The scheduler kube-proxy actually configures: {@code rr} when unset. */
    public String effectiveScheduler() {
        return scheduler.isEmpty() ? "rr" : scheduler;
    }
}
