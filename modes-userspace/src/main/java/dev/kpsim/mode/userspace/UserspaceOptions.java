package dev.kpsim.mode.userspace;

import dev.kpsim.core.net.IpAddress;
import java.time.Duration;

/**
 * Inputs of userspace-mode generation that {@link dev.kpsim.core.config.ProxyConfig} does not carry.
 *
 * @param seed           seeds every random choice (endpoint shuffles, proxy ports, ephemeral source ports); same
 *                       input and seed give identical output
 * @param bindAddress    kube-proxy's {@code --bind-address} for the proxy sockets; null means 0.0.0.0 (the default),
 *                       which makes container portals REDIRECT and host portals DNAT to the node's primary IP
 * @param startupOrder   whether endpoints or Services reached the proxier first (see {@link StartupOrder})
 * @param udpIdleTimeout {@code --udp-timeout}: how long an idle UDP flow keeps its endpoint (default 250ms)
 */
public record UserspaceOptions(long seed, IpAddress bindAddress, StartupOrder startupOrder, Duration udpIdleTimeout) {

    /** kube-proxy's {@code --udp-timeout} default. */
    public static final Duration DEFAULT_UDP_IDLE_TIMEOUT = Duration.ofMillis(250);

    public UserspaceOptions {
        startupOrder = startupOrder == null ? StartupOrder.ENDPOINTS_FIRST : startupOrder;
        udpIdleTimeout = udpIdleTimeout == null ? DEFAULT_UDP_IDLE_TIMEOUT : udpIdleTimeout;
        if (udpIdleTimeout.isNegative() || udpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("the UDP idle timeout must be positive, was " + udpIdleTimeout);
        }
    }

    /** Seed 0, bind address 0.0.0.0, endpoints first, 250ms UDP timeout. */
    public static UserspaceOptions defaults() {
        return new UserspaceOptions(0, null, StartupOrder.ENDPOINTS_FIRST, DEFAULT_UDP_IDLE_TIMEOUT);
    }

    public UserspaceOptions withSeed(long s) {
        return new UserspaceOptions(s, bindAddress, startupOrder, udpIdleTimeout);
    }

    public UserspaceOptions withBindAddress(IpAddress a) {
        return new UserspaceOptions(seed, a, startupOrder, udpIdleTimeout);
    }

    public UserspaceOptions withStartupOrder(StartupOrder o) {
        return new UserspaceOptions(seed, bindAddress, o, udpIdleTimeout);
    }

    public UserspaceOptions withUdpIdleTimeout(Duration d) {
        return new UserspaceOptions(seed, bindAddress, startupOrder, d);
    }
}
