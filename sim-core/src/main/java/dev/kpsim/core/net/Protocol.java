package dev.kpsim.core.net;

import java.util.Locale;
import java.util.Optional;

/** A transport protocol of a Service port or a packet. kube-proxy lower-cases it for hashes and rules. */
public enum Protocol {
    TCP(6),
    UDP(17),
    SCTP(132),
    ICMP(1);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    /** The IANA protocol number (6, 17, 132, 1). */
    public int number() {
        return number;
    }

    /** {@code tcp}, {@code udp}, {@code sctp}: the form kube-proxy writes ({@code strings.ToLower}). */
    public String lower() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a protocol name in any case or its number. */
    public static Optional<Protocol> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Protocol p : values()) {
            if (p.name().equalsIgnoreCase(s) || Integer.toString(p.number).equals(s)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True for protocols with ports. */
    public boolean hasPorts() {
        return this != ICMP;
    }
}
