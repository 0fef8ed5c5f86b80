package dev.kpsim.mode.ipvs.ipset;

import java.util.Optional;

/**
 * An ipset set type as {@code ipset create} names it. kube-proxy uses {@code hash:ip}, {@code hash:ip,port},
 * {@code hash:ip,port,ip}, {@code hash:ip,port,net} and {@code bitmap:port} ({@code pkg/proxy/ipvs/ipset/types.go});
 * the others are known so that real dumps with foreign sets parse.
 *
 * <p>{@link #revision()} is what {@code ipset list} prints for the type on a current kernel (observed on Linux
 * 6.18 with ipset 7.17): the highest revision the kernel module supports. 0 for types kpsim did not observe.
 */
public enum IpSetType {
    HASH_IP("hash:ip", 6),
    HASH_IP_PORT("hash:ip,port", 7),
    HASH_IP_PORT_IP("hash:ip,port,ip", 6),
    HASH_IP_PORT_NET("hash:ip,port,net", 8),
    BITMAP_PORT("bitmap:port", 3),
    BITMAP_IP("bitmap:ip", 0),
    BITMAP_IP_MAC("bitmap:ip,mac", 0),
    HASH_MAC("hash:mac", 0),
    HASH_IP_MAC("hash:ip,mac", 0),
    HASH_NET("hash:net", 0),
    HASH_NET_NET("hash:net,net", 0),
    HASH_NET_PORT("hash:net,port", 0),
    HASH_NET_PORT_NET("hash:net,port,net", 0),
    HASH_IP_MARK("hash:ip,mark", 0),
    HASH_NET_IFACE("hash:net,iface", 0),
    LIST_SET("list:set", 0);

    private final String text;
    private final int revision;

    IpSetType(String text, int revision) {
        this.text = text;
        this.revision = revision;
    }

    /** The type as written: {@code hash:ip,port}. */
    public String text() {
        return text;
    }

    public int revision() {
        return revision;
    }

    /** True for {@code hash:*} types, which take {@code family/hashsize/maxelem}. */
    public boolean isHash() {
        return text.startsWith("hash:");
    }

    /** True for types whose members kpsim understands structurally (the five kube-proxy uses). */
    public boolean modelled() {
        return this == HASH_IP || this == HASH_IP_PORT || this == HASH_IP_PORT_IP || this == HASH_IP_PORT_NET
                || this == BITMAP_PORT;
    }

    public static Optional<IpSetType> fromText(String s) {
        for (IpSetType t : values()) {
            if (t.text.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
