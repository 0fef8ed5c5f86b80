package dev.kpsim.mode.ipvs.format;

import dev.kpsim.core.net.IpFamily;
import dev.kpsim.mode.ipvs.model.IpvsTable;
import dev.kpsim.mode.ipvs.model.RealServer;
import dev.kpsim.mode.ipvs.model.ServiceFlags;
import dev.kpsim.mode.ipvs.model.VirtualServer;

/**
 * {@code ipvsadm -Sn} byte for byte (ipvsadm 1.31 {@code print_service_entry} with {@code FMT_RULE}): no header,
 * services and destinations in {@link IpvsadmSort} order,
 * {@code -A -t ADDR:PORT -s SCHED [-p T [-M MASK]] [--pe PE] [-o] [-b FLAGS]} and
 * {@code -a -t ADDR:PORT -r DEST -m -w W}.
 */
public final class IpvsadmSavePrinter {
    private IpvsadmSavePrinter() {
    }

    public static String print(IpvsTable table) {
        StringBuilder sb = new StringBuilder(table.services().size() * 120);
        for (VirtualServer vs : IpvsadmSort.services(table.services())) {
            String svc = serviceName(vs);
            sb.append("-A ").append(svc).append(" -s ").append(vs.scheduler());
            if (vs.persistent()) {
                sb.append(" -p ").append(Integer.toUnsignedString(vs.timeoutSeconds()));
                if (!vs.fullMask()) {
                    sb.append(" -M ").append(vs.family() == IpFamily.IPV4
                            ? IpvsadmNames.dottedMask(vs.netmask()) : Integer.toString(vs.netmask()));
                }
            }
            if (!vs.persistenceEngine().isEmpty()) {
                sb.append(" --pe ").append(vs.persistenceEngine());
            }
            if ((vs.flags() & ServiceFlags.ONEPACKET) != 0) {
                sb.append(" -o");
            }
            if ((vs.flags() & ServiceFlags.SCHED_MASK) != 0) {
                sb.append(" -b ").append(String.join(",", ServiceFlags.schedFlagNames(vs.scheduler(), vs.flags())));
            }
            sb.append('\n');
            for (RealServer rs : IpvsadmSort.dests(vs.realServers())) {
                sb.append("-a ").append(svc).append(" -r ").append(rs.name()).append(' ')
                        .append(rs.forward().saveSwitch()).append(" -w ").append(rs.weight()).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code -t 10.0.1.175:80}, {@code -f 5 -6}. */
    static String serviceName(VirtualServer vs) {
        if (vs.fwmark() != 0) {
            return "-f " + Integer.toUnsignedString(vs.fwmark()) + (vs.family() == IpFamily.IPV6 ? " -6" : "");
        }
        return IpvsadmNames.saveOption(vs.protocol()) + " " + IpvsadmNames.addrPort(vs.address(), vs.port());
    }
}
