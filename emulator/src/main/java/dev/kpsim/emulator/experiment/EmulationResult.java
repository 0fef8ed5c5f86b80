package dev.kpsim.emulator.experiment;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.emulator.rules.CounterSnapshot;
import dev.kpsim.emulator.rules.IptablesBackend;
import dev.kpsim.core.engine.path.HairpinMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the kernel did with one experiment's connections, shaped for comparison with the simulator: per-connection
 * records (replayable by source port), tallies per answering pod, per endpoint address and per verdict, the
 * source addresses the pods saw, and the per-rule counter increments of exactly this experiment.
 *
 * @param source        {@link TrafficSource#describe()}
 * @param sourceAddress the address the client bound (the flows' source)
 * @param perPod        answering pod → connections, sorted by pod key
 * @param perEndpoint   endpoint {@code ip:port} the pods were reached on → connections
 * @param seenSources   source address (without port) the pods saw → connections; shows masquerading
 * @param verdicts      every {@link Verdict} → count (zeros included)
 * @param counters      rule counter increments during the traffic (iptables loads only; empty otherwise)
 * @param proxyLog      the userspace proxy's log lines written during the traffic (empty without one)
 * @param synRetransmits TCP SYN retransmissions the client's namespace made during the traffic ({@code TCPSynRetrans});
 *                      a client that closes late lets one go out after the kernel's 1 s retransmission timeout, and it
 *                      is a new connection for the node's nat table
 * @param notes         planner notes and observed facts, one sentence each
 * @param setupMillis   building the topology and loading the rules (0 when a session was reused)
 * @param trafficMillis running the client, JVM start included
 */
public record EmulationResult(String node, String source, IpAddress sourceAddress, Destination destination, HairpinMode hairpinMode, IptablesBackend backend,
                              long seed, List<ConnectionRecord> connections, SortedMap<String, Integer> perPod,
                              SortedMap<String, Integer> perEndpoint, SortedMap<String, Integer> seenSources,
                              Map<Verdict, Integer> verdicts, CounterSnapshot counters, long synRetransmits, List<String> proxyLog,
                              List<String> notes, long setupMillis, long trafficMillis) {

    public EmulationResult {
        connections = List.copyOf(connections);
        perPod = Collections.unmodifiableSortedMap(new TreeMap<>(perPod));
        perEndpoint = Collections.unmodifiableSortedMap(new TreeMap<>(perEndpoint));
        seenSources = Collections.unmodifiableSortedMap(new TreeMap<>(seenSources));
        EnumMap<Verdict, Integer> v = new EnumMap<>(Verdict.class);
        for (Verdict x : Verdict.values()) {
            v.put(x, verdicts.getOrDefault(x, 0));
        }
        verdicts = Collections.unmodifiableMap(v);
        proxyLog = List.copyOf(proxyLog);
        notes = List.copyOf(notes);
    }

    /** Builds the tallies from the records. */
    static EmulationResult of(String node, String source, IpAddress sourceAddress, Destination destination, HairpinMode hairpin, IptablesBackend backend,
                              long seed, List<ConnectionRecord> records, CounterSnapshot counters, long synRetransmits,
                              List<String> proxyLog, List<String> notes, long setupMillis, long trafficMillis) {
        SortedMap<String, Integer> perPod = new TreeMap<>();
        SortedMap<String, Integer> perEndpoint = new TreeMap<>();
        SortedMap<String, Integer> seen = new TreeMap<>();
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (ConnectionRecord r : records) {
            verdicts.merge(r.verdict(), 1, Integer::sum);
            if (r.answered()) {
                perPod.merge(r.pod(), 1, Integer::sum);
                if (r.seenLocal() != null) {
                    perEndpoint.merge(r.seenLocal().toString(), 1, Integer::sum);
                }
                if (r.seenPeer() != null) {
                    seen.merge(r.seenPeer().ip().toString(), 1, Integer::sum);
                }
            }
        }
        return new EmulationResult(node, source, sourceAddress, destination, hairpin, backend, seed, records, perPod, perEndpoint, seen,
                verdicts, counters, synRetransmits, proxyLog, notes, setupMillis, trafficMillis);
    }

    /**
     * One result for an experiment made in several consecutive runs of the same traffic (first {@code parts.get(0)}):
     * the connections in order and re-numbered, the counter increments and proxy log lines added up, the notes of the
     * first, the times summed.
     *
     * @throws IllegalArgumentException for no parts
     */
    public static EmulationResult concat(List<EmulationResult> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        EmulationResult first = parts.get(0);
        List<ConnectionRecord> records = new ArrayList<>();
        CounterSnapshot counters = CounterSnapshot.empty();
        List<String> log = new ArrayList<>();
        long millis = 0;
        long retransmits = 0;
        for (EmulationResult p : parts) {
            for (ConnectionRecord r : p.connections()) {
                records.add(new ConnectionRecord(records.size(), r.sourcePort(), r.outcome(), r.verdict(), r.pod(), r.seenPeer(),
                        r.seenLocal(), r.millis(), r.detail()));
            }
            counters = counters.plus(p.counters());
            log.addAll(p.proxyLog());
            millis += p.trafficMillis();
            retransmits += p.synRetransmits();
        }
        return of(first.node(), first.source(), first.sourceAddress(), first.destination(), first.hairpinMode(), first.backend(),
                first.seed(), records, counters, retransmits, log, first.notes(), first.setupMillis(), millis);
    }

    /** The number of connections made. */
    public int total() {
        return connections.size();
    }

    public int count(Verdict v) {
        return verdicts.get(v);
    }

    /** The fraction of all connections {@code pod} answered (0 if none). */
    public double share(String pod) {
        return connections.isEmpty() ? 0 : perPod.getOrDefault(pod, 0) / (double) connections.size();
    }

    /** The same result with more notes (e.g. cleanup problems found after the traffic). */
    public EmulationResult withNotes(List<String> more) {
        List<String> n = new ArrayList<>(notes);
        n.addAll(more);
        return new EmulationResult(node, source, sourceAddress, destination, hairpinMode, backend, seed, connections, perPod, perEndpoint,
                seenSources, verdicts, counters, synRetransmits, proxyLog, n, setupMillis, trafficMillis);
    }

    /** The same result with the setup time filled in. */
    public EmulationResult withSetupMillis(long ms) {
        return new EmulationResult(node, source, sourceAddress, destination, hairpinMode, backend, seed, connections, perPod, perEndpoint,
                seenSources, verdicts, counters, synRetransmits, proxyLog, notes, ms, trafficMillis);
    }
}
