package dev.kpsim.emulator.experiment;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;

/** Where the emulated connections go: an address (a ClusterIP, node IP, external IP, pod IP), a port, TCP or UDP. */
public record Destination(IpAddress ip, int port, Protocol protocol) {

    public Destination {
        if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-destination",
                    "the emulator sends TCP or UDP only, not " + protocol);
        }
        if (port < 1 || port > 65535) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-destination", "port " + port + " is out of range 1-65535");
        }
    }

    /**
     * Parses {@code IP:PORT} or {@code [IPv6]:PORT}.
     *
     * @throws BadInputException with code {@code bad-destination}
     */
    public static Destination parse(String text, Protocol protocol) {
        try {
            HostPort hp = HostPort.parse(text);
            return new Destination(hp.ip(), hp.port(), protocol);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(SourceLocation.UNKNOWN, "bad-destination",
                    "'" + text + "' is not a destination: expected IP:PORT or [IPv6]:PORT (" + e.getMessage() + ")");
        }
    }

    public HostPort hostPort() {
        return new HostPort(ip, port);
    }

    /** {@code tcp 10.0.1.175:80}. */
    @Override
    public String toString() {
        return protocol.lower() + " " + hostPort();
    }
}
