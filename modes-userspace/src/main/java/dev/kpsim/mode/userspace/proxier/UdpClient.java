package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import java.time.Duration;

/**
 * One live UDP client of a service port ({@code ClientCache} entry in {@code pkg/proxy/userspace/proxysocket.go}):
 * datagrams from {@code client} go to {@code endpoint} over the proxier's own socket {@code backendSource} until the
 * flow is idle for the UDP timeout ({@code --udp-timeout}, default 250ms).
 */
public record UdpClient(HostPort client, HostPort endpoint, HostPort backendSource, Duration lastActivity) {

    /** True if a datagram at {@code now} still finds this flow (its read deadline has not passed). */
    public boolean aliveAt(Duration now, Duration idleTimeout) {
        return now.compareTo(lastActivity.plus(idleTimeout)) < 0;
    }
}
