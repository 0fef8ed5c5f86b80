package dev.kpsim.mode.ipvs.format;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServer;
import java.util.List;

/**
 * {@code ipvsadm -Ln} byte for byte (ipvsadm 1.31 {@code list_all}, {@code print_title},
 * {@code print_service_entry}): the version header, the two title lines, then each service sorted by
 * {@link IpvsadmSort} with its destinations sorted by address and port, each destination line
 * {@code "  -> %-28s %-7s %-6d %-10u %-10u\n"} (trailing spaces included). IPv4 service names are cut at 33
 * characters and destination names at 28, as ipvsadm does.
 */
public final class IpvsadmListPrinter {
    /** The two title lines of the plain list format. */
    public static final String TITLE = "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    private IpvsadmListPrinter() {
    }

    /** The whole {@code ipvsadm -Ln} output for a table. */
    public static String print(IpvsTable table) {
        StringBuilder sb = new StringBuilder(256 + table.services().size() * 160);
        sb.append("IP Virtual Server version ").append(table.version()).append(" (size=")
                .append(table.connTableSize()).append(")\n");
        sb.append(TITLE);
        for (VirtualServer vs : IpvsadmSort.services(table.services())) {
            appendService(sb, vs);
        }
        return sb.toString();
    }

    /** The service-name column: {@code TCP  10.0.1.175:80}, {@code FWM  5}. */
    static String serviceName(VirtualServer vs) {
        if (vs.fwmark() != 0) {
            return "FWM  " + Integer.toUnsignedString(vs.fwmark()) + (vs.family() == IpFamily.IPV6 ? " IPv6" : "");
        }
        String s = String.format("%-4s %s", IpvsadmNames.protocolName(vs.protocol()),
                IpvsadmNames.addrPort(vs.address(), vs.port()));
        return vs.family() == IpFamily.IPV4 && s.length() > 33 ? s.substring(0, 33) : s;
    }

    private static void appendService(StringBuilder sb, VirtualServer vs) {
        sb.append(serviceName(vs)).append(' ').append(vs.scheduler());
        List<String> sched = ServiceFlags.schedFlagNames(vs.scheduler(), vs.flags());
        if ((vs.flags() & ServiceFlags.SCHED_MASK) != 0) {
            sb.append(" (").append(String.join(",", sched)).append(')');
        }
        if (vs.persistent()) {
            sb.append(" persistent ").append(Integer.toUnsignedString(vs.timeoutSeconds()));
            if (!vs.fullMask()) {
                sb.append(" mask ").append(vs.family() == IpFamily.IPV4
                        ? IpvsadmNames.dottedMask(vs.netmask()) : Integer.toString(vs.netmask()));
            }
            if (!vs.persistenceEngine().isEmpty()) {
                sb.append(" pe ").append(vs.persistenceEngine());
            }
        }
        if ((vs.flags() & ServiceFlags.ONEPACKET) != 0) {
            sb.append(" ops");
        }
        sb.append('\n');
        for (RealServer rs : IpvsadmSort.dests(vs.realServers())) {
            String d = rs.name();
            if (rs.address().isV4() && d.length() > 28) {
                d = d.substring(0, 28);
            }
            sb.append(String.format("  -> %-28s %-7s %-6d %-10d %-10d\n", d, rs.forward().listName(), rs.weight(),
                    rs.activeConns(), rs.inactConns()));
        }
    }
}
