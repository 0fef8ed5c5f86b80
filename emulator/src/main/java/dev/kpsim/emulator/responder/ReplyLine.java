package dev.kpsim.emulator.responder;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a {@link Responder} answers with, like the {@code hostnames} pods of the Kubernetes "Debug
 * Services" page answer with their name — plus the peer address the pod saw (so masquerading and source-IP
 * loss are observable) and the local address it was reached on (the DNAT result).
 *
 * <p>Wire form: {@code kpsim-reply pod=NS/NAME proto=tcp peer=IP peerPort=N local=IP localPort=N}, one line,
 * space separated, addresses as the JDK prints them. JDK only: it runs inside the namespaces.
 */
public record ReplyLine(String pod, String protocol, String peer, int peerPort, String local, int localPort) {

    /** The first word of every reply. */
    public static final String MAGIC = "kpsim-reply";

    /** The reply text, without line terminator. */
    public String format() {
        return MAGIC + " pod=" + pod + " proto=" + protocol + " peer=" + peer + " peerPort=" + peerPort
                + " local=" + local + " localPort=" + localPort;
    }

    /** Parses {@link #format()} output; empty for anything else (a truncated reply, another server's banner). */
    public static Optional<ReplyLine> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        String[] words = line.trim().split(" ");
        if (words.length != 7 || !words[0].equals(MAGIC)) {
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
            return Optional.of(new ReplyLine(kv.get("pod"), kv.get("proto"), kv.get("peer"),
                    Integer.parseInt(kv.get("peerPort")), kv.get("local"), Integer.parseInt(kv.get("localPort"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The address text without an IPv6 scope suffix ({@code %eth0}). */
    public static String addressText(InetAddress a) {
        String s = a.getHostAddress();
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }
}
