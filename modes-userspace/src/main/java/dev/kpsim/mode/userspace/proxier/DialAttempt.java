package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.net.HostPort;
import java.time.Duration;

/**
 * One iteration of {@code TryConnectEndpoints} ({@code pkg/proxy/userspace/proxysocket.go}): the endpoint
 * {@code NextEndpoint} gave, whether it came from an affinity record, when it was tried, the dial timeout of that
 * attempt (250ms, 500ms, 1s, 2s) and whether the dial succeeded.
 */
public record DialAttempt(HostPort endpoint, boolean fromAffinity, Duration at, Duration dialTimeout, boolean connected) {
}
