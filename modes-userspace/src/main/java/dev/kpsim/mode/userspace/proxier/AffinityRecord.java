package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import java.time.Duration;

/**
 * One ClientIP affinity record ({@code affinityState} in {@code pkg/proxy/userspace/roundrobin.go}): the client's IP,
 * the endpoint it sticks to, and when the record was last used, as an offset on the simulated clock.
 */
public record AffinityRecord(IpAddress clientIp, HostPort endpoint, Duration lastUsed) {

    /**
     * The record's age in whole seconds at {@code now}, truncated as Go's {@code int(time.Since(lastUsed).Seconds())}.
     */
    public long ageSeconds(Duration now) {
        return now.minus(lastUsed).getSeconds();
    }
}
