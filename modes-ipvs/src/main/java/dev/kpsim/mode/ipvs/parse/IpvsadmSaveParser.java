package dev.kpsim.mode.ipvs.parse;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.ipvs.model.ForwardMethod;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServerKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads {@code ipvsadm -Sn} (the {@code ipvsadm-save -n} / {@code ipvsadm -R} rule format) into an
 * {@link IpvsTable}. Understands {@code -A}/{@code -a} with the options ipvsadm 1.31 writes and reads
 * ({@code -t -u --sctp-service -f -6 -s -p -M --pe -o -b -r -m -g -i -w}); threshold and tunnel options are kept
 * out of the model with an "unsupported" diagnostic. Defaults follow ipvsadm: scheduler {@code wlc}, persistence
 * timeout 300, forwarding {@code -g}, weight 1, a destination without port gets the service port.
 *
 * <p>Errors (stable codes): {@code ipvsadm-syntax} for a line that is not {@code -A}/{@code -a},
 * {@code ipvsadm-missing} for an option without its value (a truncated line), {@code ipvsadm-address} for a bad
 * address or port, {@code ipvsadm-name} for host names (dump with {@code -n}), {@code ipvsadm-duplicate} and
 * {@code ipvsadm-no-service}.
 */
public final class IpvsadmSaveParser {
    /** ipvsadm's {@code IPVS_SVC_PERSISTENT_TIMEOUT}: {@code -p} without a value. */
    public static final int DEFAULT_PERSISTENT_TIMEOUT = 300;

    private IpvsadmSaveParser() {
    }

    public static ParseResult<IpvsTable> parse(String file, String text) {
        Diagnostics diags = new Diagnostics();
        Lines lines = Lines.of(text);
        Map<VirtualServerKey, ServiceBuilder> services = new LinkedHashMap<>();
        for (int i = 0; i < lines.lines().size(); i++) {
            int lineNo = i + 1;
            String line = lines.lines().get(i);
            List<Token> toks = Token.split(line);
            if (toks.isEmpty() || toks.get(0).text().startsWith("#")) {
                continue;
            }
            new LineReader(file, lineNo, toks, diags, services).read();
        }
        if (lines.missingFinalNewline()) {
            diags.warning(new SourceLocation(file, lines.lines().size(), 1), "ipvsadm-truncated",
                    "the dump does not end with a newline; it may be truncated");
        }
        List<dev.kpsim.mode.ipvs.model.VirtualServer> built = services.values().stream().map(ServiceBuilder::build).toList();
        return new ParseResult<>(IpvsTable.of(built), diags.list());
    }

    private static final class LineReader {
        private final String file;
        private final int line;
        private final List<Token> toks;
        private final Diagnostics diags;
        private final Map<VirtualServerKey, ServiceBuilder> services;
        private int pos;

        LineReader(String file, int line, List<Token> toks, Diagnostics diags, Map<VirtualServerKey, ServiceBuilder> services) {
            this.file = file;
            this.line = line;
            this.toks = toks;
            this.diags = diags;
            this.services = services;
        }

        private SourceLocation at(Token t) {
            return new SourceLocation(file, line, t.column());
        }

        private SourceLocation end() {
            Token last = toks.get(toks.size() - 1);
            return new SourceLocation(file, line, last.column() + last.text().length());
        }

        private Optional<Token> value(Token opt) {
            if (pos >= toks.size()) {
                diags.error(end(), "ipvsadm-missing", "expected a value after '" + opt.text() + "' (truncated line?)");
                return Optional.empty();
            }
            return Optional.of(toks.get(pos++));
        }

        void read() {
            Token cmd = toks.get(pos++);
            boolean addService = cmd.text().equals("-A") || cmd.text().equals("--add-service");
            boolean addServer = cmd.text().equals("-a") || cmd.text().equals("--add-server");
            if (!addService && !addServer) {
                diags.error(at(cmd), "ipvsadm-syntax", "expected '-A' or '-a' at the start of an ipvsadm -S line, found '"
                        + cmd.text() + "'");
                return;
            }
            ServiceBuilder svc = new ServiceBuilder();
            boolean haveService = false;
            boolean v6Mark = false;
            Addresses.AddrPort server = null;
            Token serverTok = null;
            ForwardMethod fwd = ForwardMethod.ROUTE;
            int weight = 1;
            while (pos < toks.size()) {
                Token opt = toks.get(pos++);
                String o = opt.text();
                switch (o) {
                    case "-t", "--tcp-service", "-u", "--udp-service", "--sctp-service" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        Optional<Addresses.AddrPort> ap = address(v.get());
                        if (ap.isEmpty()) {
                            return;
                        }
                        svc.protocol = o.startsWith("-t") || o.equals("--tcp-service") ? Protocol.TCP
                                : o.startsWith("-u") || o.equals("--udp-service") ? Protocol.UDP : Protocol.SCTP;
                        svc.address = ap.get().address();
                        svc.port = Math.max(ap.get().port(), 0);
                        svc.family = svc.address.family();
                        haveService = true;
                    }
                    case "-f", "--fwmark-service" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        if (!Addresses.isUnsigned(v.get().text(), 0xFFFFFFFFL) || v.get().text().equals("0")) {
                            diags.error(at(v.get()), "ipvsadm-address", "invalid fwmark value '" + v.get().text() + "'");
                            return;
                        }
                        svc.fwmark = (int) Long.parseLong(v.get().text());
                        haveService = true;
                    }
                    case "-6", "--ipv6" -> v6Mark = true;
                    case "-s", "--scheduler" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        svc.scheduler = v.get().text();
                    }
                    case "-p", "--persistent" -> {
                        svc.flags |= ServiceFlags.PERSISTENT;
                        svc.timeout = DEFAULT_PERSISTENT_TIMEOUT;
                        if (pos < toks.size() && !toks.get(pos).text().startsWith("-")) {
                            Token v = toks.get(pos++);
                            if (!Addresses.isUnsigned(v.text(), 0xFFFFFFFFL)) {
                                diags.error(at(v), "ipvsadm-syntax", "invalid timeout value '" + v.text() + "'");
                                return;
                            }
                            svc.timeout = (int) Long.parseLong(v.text());
                        }
                    }
                    case "-M", "--netmask" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        String m = v.get().text();
                        Optional<IpAddress> mask = IpAddress.tryParse(m).filter(IpAddress::isV4);
                        if (mask.isPresent()) {
                            svc.netmask = mask.get().v4Bits();
                        } else if (Addresses.isUnsigned(m, 128)) {
                            svc.netmask = Integer.parseInt(m);
                        } else {
                            diags.error(at(v.get()), "ipvsadm-address", "invalid netmask '" + m + "'");
                            return;
                        }
                    }
                    case "--pe" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        svc.pe = v.get().text();
                    }
                    case "-o", "--ops" -> svc.flags |= ServiceFlags.ONEPACKET;
                    case "-b", "--sched-flags" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        for (String f : v.get().text().split(",")) {
                            OptionalInt bit = ServiceFlags.parseSchedFlag(svc.scheduler, f);
                            if (bit.isEmpty()) {
                                diags.error(at(v.get()), "ipvsadm-syntax", "invalid or incompatible scheduler flag '" + f
                                        + "' for scheduler " + svc.scheduler);
                                return;
                            }
                            svc.flags |= bit.getAsInt();
                        }
                    }
                    case "-r", "--real-server" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        Optional<Addresses.AddrPort> ap = address(v.get());
                        if (ap.isEmpty()) {
                            return;
                        }
                        server = ap.get();
                        serverTok = v.get();
                    }
                    case "-m", "--masquerading" -> fwd = ForwardMethod.MASQ;
                    case "-g", "--gatewaying" -> fwd = ForwardMethod.ROUTE;
                    case "-i", "--ipip" -> fwd = ForwardMethod.TUNNEL;
                    case "-w", "--weight" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        if (!Addresses.isUnsigned(v.get().text(), Integer.MAX_VALUE)) {
                            diags.error(at(v.get()), "ipvsadm-syntax", "invalid weight '" + v.get().text() + "'");
                            return;
                        }
                        weight = Integer.parseInt(v.get().text());
                    }
                    case "-x", "--u-threshold", "-y", "--l-threshold", "--tun-type", "--tun-port" -> {
                        Optional<Token> v = value(opt);
                        if (v.isEmpty()) {
                            return;
                        }
                        diags.unsupported(at(opt), "ipvsadm-unsupported", "option '" + o + " " + v.get().text()
                                + "' is not modelled; it is ignored");
                    }
                    case "--tun-nocsum", "--tun-csum", "--tun-remcsum" ->
                            diags.unsupported(at(opt), "ipvsadm-unsupported", "option '" + o + "' is not modelled; it is ignored");
                    default -> {
                        diags.error(at(opt), "ipvsadm-syntax", "unknown ipvsadm option '" + o + "'");
                        return;
                    }
                }
            }
            if (!haveService) {
                diags.error(end(), "ipvsadm-missing", "the line names no virtual service (-t, -u, --sctp-service or -f)");
                return;
            }
            if (svc.fwmark != 0 && v6Mark) {
                svc.family = IpFamily.IPV6;
            }
            VirtualServerKey key = new VirtualServerKey(svc.fwmark != 0 ? null : svc.protocol,
                    svc.fwmark != 0 ? null : svc.address, svc.fwmark != 0 ? 0 : svc.port, svc.fwmark, svc.family);
            if (addService) {
                if (services.containsKey(key)) {
                    diags.error(at(toks.get(0)), "ipvsadm-duplicate", "virtual service " + key + " is added twice");
                    return;
                }
                if (svc.fwmark != 0) {
                    svc.protocol = null;
                    svc.address = null;
                    svc.port = 0;
                }
                services.put(key, svc);
                return;
            }
            ServiceBuilder target = services.get(key);
            if (target == null) {
                diags.error(at(toks.get(0)), "ipvsadm-no-service", "real server added to " + key
                        + ", which no earlier -A line created");
                return;
            }
            if (server == null) {
                diags.error(end(), "ipvsadm-missing", "an -a line needs a real server (-r ADDRESS[:PORT])");
                return;
            }
            int port = server.port() >= 0 ? server.port() : target.port;
            if (fwd == ForwardMethod.ROUTE || fwd == ForwardMethod.TUNNEL) {
                port = target.fwmark != 0 ? port : target.port;
            }
            final int p = port;
            final IpAddress a = server.address();
            if (target.dests.stream().anyMatch(d -> d.address().equals(a) && d.port() == p)) {
                diags.error(at(serverTok), "ipvsadm-duplicate", "real server " + server.address() + ":" + port
                        + " is added twice to " + key);
                return;
            }
            target.dests.add(new RealServer(server.address(), port, fwd, weight, 0, 0, null));
        }

        private Optional<Addresses.AddrPort> address(Token t) {
            Optional<Addresses.AddrPort> ap = Addresses.parse(t.text());
            if (ap.isEmpty()) {
                if (Addresses.looksLikeName(t.text())) {
                    diags.error(at(t), "ipvsadm-name", "'" + t.text()
                            + "' is a host or service name; dump with 'ipvsadm -Sn' for numeric addresses");
                } else {
                    diags.error(at(t), "ipvsadm-address", "'" + t.text() + "' is not ADDRESS[:PORT]");
                }
            }
            return ap;
        }
    }
}
