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
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code ipvsadm -Ln} into an {@link IpvsTable}, counters included: the optional
 * {@code IP Virtual Server version X (size=N)} header, the title lines, service lines
 * ({@code TCP  10.0.1.175:80 rr (mh-port) persistent 10800 mask … pe … ops}, {@code FWM  5 [IPv6] wlc}) and
 * destination lines ({@code  -> 10.244.0.5:9376  Masq  1  0  0}). Destinations are listed sorted by ipvsadm, so
 * their kernel list order is unknown; kpsim assumes the reverse of the listing, as if they had been added in that
 * order (the order {@code ipvsadm -R} of the same table would give).
 *
 * <p>Error codes: {@code ipvsadm-syntax}, {@code ipvsadm-missing} (a short line), {@code ipvsadm-address},
 * {@code ipvsadm-name} (listed without {@code -n}), {@code ipvsadm-no-service}, {@code ipvsadm-duplicate}.
 */
public final class IpvsadmListParser {
    private static final Pattern HEADER = Pattern.compile("IP Virtual Server version (\\d+\\.\\d+\\.\\d+) \\(size=(\\d+)\\)");

    private IpvsadmListParser() {
    }

    public static ParseResult<IpvsTable> parse(String file, String text) {
        Diagnostics diags = new Diagnostics();
        Lines lines = Lines.of(text);
        String version = IpvsTable.KERNEL_IPVS_VERSION;
        int size = IpvsTable.DEFAULT_CONN_TAB_SIZE;
        List<ServiceBuilder> services = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        ServiceBuilder current = null;
        for (int i = 0; i < lines.lines().size(); i++) {
            int no = i + 1;
            String line = lines.lines().get(i);
            List<Token> toks = Token.split(line);
            if (toks.isEmpty()) {
                continue;
            }
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                version = h.group(1);
                size = Integer.parseInt(h.group(2));
                continue;
            }
            if (line.startsWith("Prot LocalAddress:Port") || line.startsWith("  -> RemoteAddress:Port")) {
                continue;
            }
            if (toks.get(0).text().equals("->")) {
                if (current == null) {
                    diags.error(loc(file, no, toks.get(0)), "ipvsadm-no-service", "a destination line before any service line");
                    continue;
                }
                readDest(file, no, toks, current, diags);
                continue;
            }
            if (line.startsWith(" ")) {
                diags.error(loc(file, no, toks.get(0)), "ipvsadm-syntax", "unexpected indented line; expected '  -> ADDRESS:PORT …'");
                continue;
            }
            current = readService(file, no, toks, diags);
            if (current != null) {
                String key = current.fwmark != 0 ? "FWM" + current.fwmark + current.family
                        : current.protocol + " " + current.address + ":" + current.port;
                if (!keys.add(key)) {
                    diags.error(loc(file, no, toks.get(0)), "ipvsadm-duplicate", "virtual service listed twice");
                    current = null;
                } else {
                    services.add(current);
                }
            }
        }
        if (lines.missingFinalNewline()) {
            diags.warning(new SourceLocation(file, lines.lines().size(), 1), "ipvsadm-truncated",
                    "the listing does not end with a newline; it may be truncated");
        }
        List<VirtualServer> built = services.stream().map(ServiceBuilder::build).toList();
        return new ParseResult<>(new IpvsTable(built, version, size), diags.list());
    }

    private static SourceLocation loc(String file, int line, Token t) {
        return new SourceLocation(file, line, t.column());
    }

    private static SourceLocation after(String file, int line, List<Token> toks) {
        Token last = toks.get(toks.size() - 1);
        return new SourceLocation(file, line, last.column() + last.text().length());
    }

    private static ServiceBuilder readService(String file, int no, List<Token> toks, Diagnostics diags) {
        ServiceBuilder svc = new ServiceBuilder();
        int pos;
        String first = toks.get(0).text();
        if (first.equals("FWM")) {
            if (toks.size() < 3) {
                diags.error(after(file, no, toks), "ipvsadm-missing", "expected 'FWM MARK SCHEDULER'");
                return null;
            }
            Token m = toks.get(1);
            if (!Addresses.isUnsigned(m.text(), 0xFFFFFFFFL) || m.text().equals("0")) {
                diags.error(loc(file, no, m), "ipvsadm-address", "invalid fwmark '" + m.text() + "'");
                return null;
            }
            svc.fwmark = (int) Long.parseLong(m.text());
            pos = 2;
            if (toks.get(pos).text().equals("IPv6")) {
                svc.family = IpFamily.IPV6;
                pos++;
            }
        } else {
            Optional<Protocol> proto = Protocol.parse(first).filter(p -> p != Protocol.ICMP && first.equals(p.name()));
            if (proto.isEmpty()) {
                diags.error(loc(file, no, toks.get(0)), "ipvsadm-syntax", "expected a protocol (TCP, UDP, SCTP or FWM), found '"
                        + first + "'");
                return null;
            }
            if (toks.size() < 3) {
                diags.error(after(file, no, toks), "ipvsadm-missing", "expected 'PROTOCOL ADDRESS:PORT SCHEDULER'");
                return null;
            }
            Token a = toks.get(1);
            Optional<Addresses.AddrPort> ap = Addresses.parse(a.text()).filter(x -> x.port() >= 0);
            if (ap.isEmpty()) {
                diags.error(loc(file, no, a), Addresses.looksLikeName(a.text()) ? "ipvsadm-name" : "ipvsadm-address",
                        "'" + a.text() + "' is not a numeric ADDRESS:PORT; list with 'ipvsadm -Ln'");
                return null;
            }
            svc.protocol = proto.get();
            svc.address = ap.get().address();
            svc.port = ap.get().port();
            svc.family = svc.address.family();
            pos = 2;
        }
        if (pos >= toks.size()) {
            diags.error(after(file, no, toks), "ipvsadm-missing", "expected the scheduler name");
            return null;
        }
        svc.scheduler = toks.get(pos++).text();
        while (pos < toks.size()) {
            Token t = toks.get(pos++);
            String s = t.text();
            if (s.startsWith("(") && s.endsWith(")")) {
                String inner = s.substring(1, s.length() - 1);
                if (inner.isEmpty()) {
                    continue;
                }
                for (String f : inner.split(",")) {
                    OptionalInt bit = ServiceFlags.parseSchedFlag(svc.scheduler, f);
                    if (bit.isEmpty()) {
                        diags.error(loc(file, no, t), "ipvsadm-syntax", "unknown scheduler flag '" + f + "'");
                        return null;
                    }
                    svc.flags |= bit.getAsInt();
                }
            } else if (s.equals("persistent") || s.equals("mask") || s.equals("pe")) {
                if (pos >= toks.size()) {
                    diags.error(after(file, no, toks), "ipvsadm-missing", "expected a value after '" + s + "'");
                    return null;
                }
                Token v = toks.get(pos++);
                if (s.equals("persistent")) {
                    if (!Addresses.isUnsigned(v.text(), 0xFFFFFFFFL)) {
                        diags.error(loc(file, no, v), "ipvsadm-syntax", "invalid persistence timeout '" + v.text() + "'");
                        return null;
                    }
                    svc.flags |= ServiceFlags.PERSISTENT;
                    svc.timeout = (int) Long.parseLong(v.text());
                } else if (s.equals("mask")) {
                    Optional<IpAddress> m = IpAddress.tryParse(v.text()).filter(IpAddress::isV4);
                    if (m.isPresent()) {
                        svc.netmask = m.get().v4Bits();
                    } else if (Addresses.isUnsigned(v.text(), 128)) {
                        svc.netmask = Integer.parseInt(v.text());
                    } else {
                        diags.error(loc(file, no, v), "ipvsadm-address", "invalid mask '" + v.text() + "'");
                        return null;
                    }
                } else {
                    svc.pe = v.text();
                }
            } else if (s.equals("ops")) {
                svc.flags |= ServiceFlags.ONEPACKET;
            } else {
                diags.error(loc(file, no, t), "ipvsadm-syntax", "unexpected '" + s + "' on a service line");
                return null;
            }
        }
        return svc;
    }

    private static void readDest(String file, int no, List<Token> toks, ServiceBuilder svc, Diagnostics diags) {
        if (toks.size() < 6) {
            diags.error(after(file, no, toks), "ipvsadm-missing",
                    "expected '-> ADDRESS:PORT FORWARD WEIGHT ACTIVECONN INACTCONN' (truncated line?)");
            return;
        }
        Token a = toks.get(1);
        Optional<Addresses.AddrPort> ap = Addresses.parse(a.text()).filter(x -> x.port() >= 0);
        if (ap.isEmpty()) {
            diags.error(loc(file, no, a), Addresses.looksLikeName(a.text()) ? "ipvsadm-name" : "ipvsadm-address",
                    "'" + a.text() + "' is not a numeric ADDRESS:PORT; list with 'ipvsadm -Ln'");
            return;
        }
        Optional<ForwardMethod> fwd = ForwardMethod.fromListName(toks.get(2).text());
        if (fwd.isEmpty()) {
            diags.error(loc(file, no, toks.get(2)), "ipvsadm-syntax", "unknown forwarding method '" + toks.get(2).text()
                    + "' (expected Masq, Local, Tunnel or Route)");
            return;
        }
        int[] nums = new int[3];
        for (int k = 0; k < 3; k++) {
            Token t = toks.get(3 + k);
            if (!Addresses.isUnsigned(t.text(), Integer.MAX_VALUE)) {
                diags.error(loc(file, no, t), "ipvsadm-syntax", "expected a number, found '" + t.text() + "'");
                return;
            }
            nums[k] = Integer.parseInt(t.text());
        }
        if (toks.size() > 6) {
            diags.error(loc(file, no, toks.get(6)), "ipvsadm-syntax", "unexpected '" + toks.get(6).text()
                    + "' after the connection counters");
            return;
        }
        IpAddress addr = ap.get().address();
        int port = ap.get().port();
        if (svc.dests.stream().anyMatch(d -> d.address().equals(addr) && d.port() == port)) {
            diags.error(loc(file, no, a), "ipvsadm-duplicate", "destination listed twice");
            return;
        }
        svc.dests.add(new RealServer(addr, port, fwd.get(), nums[0], nums[1], nums[2], null));
    }
}
