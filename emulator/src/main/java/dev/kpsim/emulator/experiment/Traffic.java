package dev.kpsim.emulator.experiment;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import java.time.Duration;

/**
 * The connections of one experiment: from where, to where, how many, how many at once, how long to wait for each,
 * and the seed. The kernel's own random choices ({@code -m statistic --mode random}, {@code numgen random})
 * cannot be seeded; the seed fixes the flows instead — connection i uses source port
 * {@code base(seed) + i} — so the simulator can replay exactly the same 5-tuples.
 *
 * @param connections 1 to {@link #MAX_CONNECTIONS}
 * @param parallelism connections in flight at once, 1 to 64
 * @param timeout     per connection, for the handshake and again for the reply; 100 ms to 30 s
 */
public record Traffic(TrafficSource source, Destination destination, int connections, int parallelism, Duration timeout, long seed) {

    /** Upper bound on connections per experiment. */
    public static final int MAX_CONNECTIONS = 5000;
    /**
     * The default per-connection timeout, 900 ms: below the kernel's initial SYN retransmission timeout (1 s,
     * {@code TCP_TIMEOUT_INIT}), so each TCP connection is exactly one SYN and one random choice. With a longer
     * timeout a first SYN dropped before conntrack confirmed it (by the bridge without hairpin, or by an INVALID
     * drop) is retransmitted as a new conntrack entry with a fresh random endpoint choice, and the kernel's DROP
     * count would no longer match the per-choice probabilities the simulator computes.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(900);

    public Traffic {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-connections",
                    "connections must be between 1 and " + MAX_CONNECTIONS + ", not " + connections);
        }
        if (parallelism < 1 || parallelism > 64) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-parallelism", "parallelism must be between 1 and 64, not " + parallelism);
        }
        if (timeout.toMillis() < 100 || timeout.toMillis() > 30_000) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-timeout", "timeout must be between 100 ms and 30 s, not " + timeout.toMillis() + " ms");
        }
    }

    /** {@code n} connections, 8 at a time, {@link #DEFAULT_TIMEOUT}, seed 0. */
    public static Traffic of(TrafficSource source, Destination destination, int n) {
        return new Traffic(source, destination, n, 8, DEFAULT_TIMEOUT, 0);
    }

    public Traffic withSeed(long s) {
        return new Traffic(source, destination, connections, parallelism, timeout, s);
    }

    public Traffic withParallelism(int p) {
        return new Traffic(source, destination, connections, p, timeout, seed);
    }

    public Traffic withTimeout(Duration t) {
        return new Traffic(source, destination, connections, parallelism, t, seed);
    }

    public Traffic from(TrafficSource s) {
        return new Traffic(s, destination, connections, parallelism, timeout, seed);
    }

    /**
     * The first source port for this traffic: {@code 10000 + floorMod(seed * 31 + offset, 55000 - connections)},
     * so every port stays within 10000..64999. {@code offset} is how many ports earlier experiments of the same
     * session used, so repeated experiments never reuse a 5-tuple whose conntrack entry may still exist.
     */
    public int sourcePortBase(long offset) {
        return 10000 + (int) Math.floorMod(seed * 31 + offset, (long) (55000 - connections));
    }
}
