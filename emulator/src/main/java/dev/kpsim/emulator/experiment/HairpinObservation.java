package dev.kpsim.emulator.experiment;

import dev.kpsim.core.engine.path.HairpinMode;
import java.util.Set;
import java.util.TreeSet;

/**
 * What happened when one pod connected to its own service under one hairpin mode: the whole
 * {@link EmulationResult}, and the counts that matter for hairpin (reference/hairpin.md §5).
 *
 * @param pod the backing pod that connected ({@code namespace/name})
 */
public record HairpinObservation(String pod, HairpinMode mode, EmulationResult result) {

    /** Connections the pod itself answered (they went out and came back through the bridge). */
    public int selfAnswered() {
        return result.perPod().getOrDefault(pod, 0);
    }

    /** Connections another endpoint answered. */
    public int othersAnswered() {
        return result.count(Verdict.ACCEPT) - selfAnswered();
    }

    /** Connections that got no answer (with a timeout below the SYN retransmission: the self-directed ones). */
    public int failed() {
        return result.total() - result.count(Verdict.ACCEPT);
    }

    /** The source addresses the pod saw on its self-connections (the bridge address when masqueraded). */
    public Set<String> selfSeenSources() {
        Set<String> s = new TreeSet<>();
        result.connections().stream().filter(c -> c.pod().equals(pod) && c.seenPeer() != null)
                .forEach(c -> s.add(c.seenPeer().ip().toString()));
        return s;
    }
}
