package dev.kpsim.emulator.userspace;

import dev.kpsim.core.net.HostPort;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One endpoint choice of the real {@link UserspaceProxyServer}, as it logs it before dialling:
 * {@code pick at=MILLIS client=IP:PORT service=NS/NAME[:PORT] endpoint=IP:PORT affinity=true|false}, where
 * {@code at} is the time since the proxy started. The emulator replays these clients, in this order and at these
 * times, through the simulated proxier to compare the choices one by one.
 */
public record PickLine(long atMillis, HostPort client, String service, HostPort endpoint, boolean fromAffinity) {

    /** The first word of the line. */
    public static final String WORD = "pick";

    public String format() {
        return WORD + " at=" + atMillis + " client=" + client + " service=" + service + " endpoint=" + endpoint
                + " affinity=" + fromAffinity;
    }

    /** Parses {@link #format()} output; empty for any other line. */
    public static Optional<PickLine> parse(String line) {
        String[] words = line.trim().split(" ");
        if (words.length != 6 || !words[0].equals(WORD)) {
            return Optional.empty();
        }
        Map<String, String> kv = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        try {
            return Optional.of(new PickLine(Long.parseLong(kv.get("at")), HostPort.parse(kv.get("client")), kv.get("service"),
                    HostPort.parse(kv.get("endpoint")), Boolean.parseBoolean(kv.get("affinity"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
