package dev.kpsim.mode.ipvs.ipset;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One ipset set as {@code ipset save} describes it: the {@code create} line (name, type and its options, kept as
 * written so a dump prints back byte for byte) and the members of its {@code add} lines in the order listed.
 * kube-proxy creates its sets with {@code ipset create NAME TYPE family inet hashsize 1024 maxelem 65536 -exist}
 * (hash types) or {@code range 0-65535} (bitmap:port) ({@code pkg/proxy/ipvs/ipset/ipset.go createSet}); a current
 * kernel adds {@code bucketsize 12 initval 0x…} to what it reports.
 *
 * @param createOptions the {@code create} line tokens after the type ({@code family inet hashsize 1024 …})
 * @param members       each {@code add} line's text after {@code add NAME }, in listing order
 * @param comment       the kube-proxy comment used on the iptables rules matching the set (not part of ipset's
 *                      own output); null for sets read from a dump
 * @param references    how many iptables rules reference the set ({@code References:} of {@code ipset list})
 */
public record IpSet(String name, IpSetType type, List<String> createOptions, List<String> members, String comment,
                    int references) {

    public IpSet {
        createOptions = List.copyOf(createOptions);
        members = List.copyOf(members);
        if (name == null || name.isEmpty() || name.length() > 31) {
            throw new IllegalArgumentException("an ipset name has 1 to 31 characters, got '" + name + "'");
        }
    }

    /** The create options of a set kube-proxy makes, as a current kernel reports them. */
    public static List<String> kubeProxyCreateOptions(IpSetType type, IpFamily family, long initval) {
        if (type == IpSetType.BITMAP_PORT) {
            return List.of("range", "0-65535");
        }
        return List.of("family", family == IpFamily.IPV6 ? "inet6" : "inet", "hashsize", "1024", "maxelem", "65536",
                "bucketsize", "12", "initval", String.format("0x%08x", initval));
    }

    /** The value following option {@code key} on the create line, if present. */
    public Optional<String> option(String key) {
        for (int i = 0; i + 1 < createOptions.size(); i++) {
            if (createOptions.get(i).equals(key)) {
                return Optional.of(createOptions.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** The address family of a hash set ({@code family inet6} → IPv6; default inet); empty for bitmap:port. */
    public Optional<IpFamily> family() {
        if (!type.isHash()) {
            return Optional.empty();
        }
        return Optional.of(option("family").filter(f -> f.equals("inet6")).isPresent() ? IpFamily.IPV6 : IpFamily.IPV4);
    }

    /** The create-line text after {@code create NAME }: {@code hash:ip,port family inet …}. */
    public String header() {
        StringBuilder sb = new StringBuilder(type.text());
        for (String o : createOptions) {
            sb.append(' ').append(o);
        }
        return sb.toString();
    }

    /** The members this kpsim understands (first token of each member line), skipping any it does not. */
    public List<IpSetEntry> entries() {
        List<IpSetEntry> out = new ArrayList<>(members.size());
        for (String m : members) {
            int sp = m.indexOf(' ');
            IpSetEntry.parse(type, sp < 0 ? m : m.substring(0, sp)).ifPresent(out::add);
        }
        return out;
    }

    /** This set with another reference count. */
    public IpSet withReferences(int refs) {
        return new IpSet(name, type, createOptions, members, comment, refs);
    }

    /**
     * The iptables {@code -m set --match-set NAME FLAGS} test on a packet ({@code xt_set}, {@code ip_set_test}): each
     * comma-separated flag picks the source or destination address/port for one dimension of the set. O(members).
     *
     * @param flags such as {@code dst}, {@code dst,dst}, {@code dst,dst,src}
     */
    public boolean matches(String flags, IpAddress src, int srcPort, IpAddress dst, int dstPort, Protocol proto) {
        String[] f = flags.split(",");
        IpAddress[] addrs = new IpAddress[f.length];
        int[] ports = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            boolean isSrc = f[i].equals("src");
            addrs[i] = isSrc ? src : dst;
            ports[i] = isSrc ? srcPort : dstPort;
        }
        for (IpSetEntry e : entries()) {
            if (e.matches(addrs, ports, proto)) {
                return true;
            }
        }
        return false;
    }
}
