package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPVS table as {@code ipvsadm -Sn} prints it: virtual servers ({@code -A -t|-u|--sctp-service VIP:PORT -s
 * SCHED [-p TIMEOUT]}) and their real servers ({@code -a ... -r RIP:PORT -m -w WEIGHT}). Only what the analyses
 * compare is kept: addresses, scheduler, persistence and weights (ipvsadm's {@code ipvsadm.c} save format).
 *
 * @param virtualServers in listing order
 */
public record IpvsListing(List<VirtualServer> virtualServers) {

    public IpvsListing {
        virtualServers = List.copyOf(virtualServers);
    }

    /** One virtual server with its real servers; {@code persistence} is the {@code -p} timeout in seconds, or 0. */
    public record VirtualServer(Protocol protocol, HostPort address, String scheduler, int persistence,
                                List<RealServer> realServers, int lineNumber) {
        public VirtualServer {
            realServers = List.copyOf(realServers);
        }

        /** {@code TCP 10.0.1.175:80}. */
        public String label() {
            return protocol.name() + " " + address;
        }
    }

    /** One real server of a virtual server. */
    public record RealServer(HostPort address, int weight, int lineNumber) {
    }

    public Optional<VirtualServer> virtualServer(Protocol protocol, HostPort address) {
        return virtualServers.stream().filter(v -> v.protocol() == protocol && v.address().equals(address)).findFirst();
    }

    /** Virtual servers plus real servers. */
    public int entryCount() {
        return virtualServers.size() + virtualServers.stream().mapToInt(v -> v.realServers().size()).sum();
    }

    /** Reads {@code ipvsadm -Sn} text; lines of other shapes are skipped. O(lines). */
    public static IpvsListing parse(String text) {
        Map<String, VsBuilder> byKey = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String[] tok = lines[n].trim().split("\\s+");
            if (tok.length < 3 || !(tok[0].equals("-A") || tok[0].equals("-a"))) {
                continue;
            }
            Optional<Protocol> proto = protocolFlag(tok[1]);
            Optional<HostPort> vip = parseAddress(tok[2]);
            if (proto.isEmpty() || vip.isEmpty()) {
                continue;
            }
            String key = proto.get() + " " + vip.get();
            if (tok[0].equals("-A")) {
                VsBuilder b = new VsBuilder(proto.get(), vip.get(), n + 1);
                for (int i = 3; i + 1 < tok.length; i++) {
                    if (tok[i].equals("-s")) {
                        b.scheduler = tok[i + 1];
                    } else if (tok[i].equals("-p")) {
                        b.persistence = parseInt(tok[i + 1]);
                    }
                }
                byKey.put(key, b);
            } else {
                VsBuilder b = byKey.computeIfAbsent(key, k -> new VsBuilder(proto.get(), vip.get(), 0));
                HostPort rip = null;
                int weight = 1;
                for (int i = 3; i + 1 < tok.length; i++) {
                    if (tok[i].equals("-r")) {
                        rip = parseAddress(tok[i + 1]).orElse(null);
                    } else if (tok[i].equals("-w")) {
                        weight = parseInt(tok[i + 1]);
                    }
                }
                if (rip != null) {
                    b.reals.add(new RealServer(rip, weight, n + 1));
                }
            }
        }
        return new IpvsListing(byKey.values().stream().map(VsBuilder::build).toList());
    }

    private static Optional<Protocol> protocolFlag(String flag) {
        return switch (flag) {
            case "-t", "--tcp-service" -> Optional.of(Protocol.TCP);
            case "-u", "--udp-service" -> Optional.of(Protocol.UDP);
            case "--sctp-service" -> Optional.of(Protocol.SCTP);
            default -> Optional.empty();
        };
    }

    private static Optional<HostPort> parseAddress(String text) {
        try {
            return Optional.of(HostPort.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final class VsBuilder {
        final Protocol protocol;
        final HostPort address;
        final int line;
        String scheduler = "";
        int persistence;
        final List<RealServer> reals = new ArrayList<>();

        VsBuilder(Protocol protocol, HostPort address, int line) {
            this.protocol = protocol;
            this.address = address;
            this.line = line;
        }

        VirtualServer build() {
            return new VirtualServer(protocol, address, scheduler, persistence, reals, line);
        }
    }
}
