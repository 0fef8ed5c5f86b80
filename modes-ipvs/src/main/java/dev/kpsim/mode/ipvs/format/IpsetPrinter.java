package dev.kpsim.mode.ipvs.format;

import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetMemory;
import java.util.List;

/**
 * {@code ipset save} and {@code ipset list} byte for byte as ipset 7.17 prints them (observed on Linux 6.18):
 * <pre>
 * create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x…
 * add KUBE-CLUSTER-IP 10.96.0.10,udp:53
 * </pre>
 * and for {@code list} the {@code Name/Type/Revision/Header/Size in memory/References/Number of entries/Members}
 * block per set, sets separated by one empty line. Sets print in the order given (kernel creation order); members in
 * the order held. {@code Size in memory} is {@link IpSetMemory}'s estimate.
 */
public final class IpsetPrinter {
    private IpsetPrinter() {
    }

    /** {@code ipset save}. */
    public static String save(List<IpSet> sets) {
        StringBuilder sb = new StringBuilder(1024);
        for (IpSet s : sets) {
            sb.append("create ").append(s.name()).append(' ').append(s.header()).append('\n');
            for (String m : s.members()) {
                sb.append("add ").append(s.name()).append(' ').append(m).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code ipset list}. */
    public static String list(List<IpSet> sets) {
        StringBuilder sb = new StringBuilder(2048);
        boolean first = true;
        for (IpSet s : sets) {
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append("Name: ").append(s.name()).append('\n');
            sb.append("Type: ").append(s.type().text()).append('\n');
            sb.append("Revision: ").append(s.type().revision()).append('\n');
            sb.append("Header:");
            for (String o : s.createOptions()) {
                sb.append(' ').append(o);
            }
            sb.append('\n');
            sb.append("Size in memory: ").append(IpSetMemory.estimate(s)).append('\n');
            sb.append("References: ").append(s.references()).append('\n');
            sb.append("Number of entries: ").append(s.members().size()).append('\n');
            sb.append("Members:\n");
            for (String m : s.members()) {
                sb.append(m).append('\n');
            }
        }
        return sb.toString();
    }
}
