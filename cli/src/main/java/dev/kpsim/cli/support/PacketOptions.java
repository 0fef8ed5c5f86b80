package dev.kpsim.cli.support;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.trace.EntryPoint;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The packet options of {@code trace} and {@code simulate}: source, destination, protocol, entry hook. */
public final class PacketOptions {

    /** The source port used when {@code --src} names none: the first port of Linux's ephemeral range. */
    public static final int DEFAULT_SOURCE_PORT = 32768;

    @Option(names = "--src", paramLabel = "IP[:PORT]",
            description = "Source address (default: a pod on the simulated node, else the node itself); port default 32768.")
    public String src;

    @Option(names = "--dst", paramLabel = "IP:PORT", description = "Destination address and port.")
    public String dst;

    @Option(names = "--proto", paramLabel = "PROTO", defaultValue = "tcp", description = "tcp, udp or sctp (default: ${DEFAULT-VALUE}).")
    public String proto;

    @Option(names = "--entry", paramLabel = "HOOK",
            description = "prerouting (from a pod or outside) or output (from a process on the node); default: output when the source is the node's own address.")
    public String entry;

    public Protocol protocol() {
        return Protocol.parse(proto).filter(Protocol::hasPorts)
                .orElseThrow(() -> bad("bad-protocol", "--proto '" + proto + "' is not tcp, udp or sctp"));
    }

    public Optional<HostPort> source() {
        if (src == null) {
            return Optional.empty();
        }
        if (IpAddress.tryParse(src).isPresent()) {
            return Optional.of(new HostPort(IpAddress.parse(src), DEFAULT_SOURCE_PORT));
        }
        try {
            return Optional.of(HostPort.parse(src));
        } catch (IllegalArgumentException e) {
            throw bad("bad-address", "--src '" + src + "' is not IP or IP:PORT");
        }
    }

    public Optional<HostPort> destination() {
        if (dst == null) {
            return Optional.empty();
        }
        try {
            HostPort hp = HostPort.parse(dst);
            if (hp.port() == 0) {
                throw bad("bad-port", "--dst '" + dst + "' needs a port within 1-65535");
            }
            return Optional.of(hp);
        } catch (IllegalArgumentException e) {
            throw bad("bad-address", "--dst '" + dst + "' is not IP:PORT (e.g. 10.0.1.175:80)");
        }
    }

    public Optional<EntryPoint> entryPoint() {
        if (entry == null) {
            return Optional.empty();
        }
        return switch (entry.toLowerCase(java.util.Locale.ROOT)) {
            case "prerouting" -> Optional.of(EntryPoint.PREROUTING);
            case "output" -> Optional.of(EntryPoint.OUTPUT);
            default -> throw bad("bad-entry", "--entry '" + entry + "' is not prerouting or output");
        };
    }

    static BadInputException bad(String code, String message) {
        return new BadInputException(SourceLocation.ofFile("kpsim"), code, message);
    }
}
