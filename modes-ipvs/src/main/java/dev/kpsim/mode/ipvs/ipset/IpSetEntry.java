package dev.kpsim.mode.ipvs.ipset;

import dev.kpsim.core.net.Cidr;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.Optional;

/**
 * One member of a set of a type kube-proxy uses, parsed: kube-proxy's {@code utilipset.Entry}
 * ({@code pkg/proxy/ipvs/ipset/ipset.go}). {@link #text} prints it as {@code Entry.String()} and {@code ipset save}
 * do: {@code 10.96.0.10}, {@code 10.96.0.10,udp:53}, {@code 10.244.1.5,tcp:8080,10.244.1.5},
 * {@code 5.6.7.8,tcp:443,10.0.0.0/8}, {@code 30080}.
 *
 * @param ip   first address (null for bitmap:port)
 * @param protocol null for hash:ip and bitmap:port
 * @param ip2  second address of hash:ip,port,ip, else null
 * @param net  network of hash:ip,port,net, else null
 */
public record IpSetEntry(IpSetType type, IpAddress ip, Protocol protocol, int port, IpAddress ip2, Cidr net) {

    /** The member text as {@code ipset save} prints it. */
    public String text() {
        return switch (type) {
            case HASH_IP -> ip.toString();
            case HASH_IP_PORT -> ip + "," + protocol.lower() + ":" + port;
            case HASH_IP_PORT_IP -> ip + "," + protocol.lower() + ":" + port + "," + ip2;
            case HASH_IP_PORT_NET -> ip + "," + protocol.lower() + ":" + port + "," + net;
            case BITMAP_PORT -> Integer.toString(port);
            default -> throw new IllegalStateException("type " + type + " is not modelled");
        };
    }

    @Override
    public String toString() {
        return text();
    }

    public static IpSetEntry hashIp(IpAddress ip) {
        return new IpSetEntry(IpSetType.HASH_IP, ip, null, 0, null, null);
    }

    public static IpSetEntry hashIpPort(IpAddress ip, Protocol p, int port) {
        return new IpSetEntry(IpSetType.HASH_IP_PORT, ip, p, port, null, null);
    }

    public static IpSetEntry hashIpPortIp(IpAddress ip, Protocol p, int port, IpAddress ip2) {
        return new IpSetEntry(IpSetType.HASH_IP_PORT_IP, ip, p, port, ip2, null);
    }

    public static IpSetEntry hashIpPortNet(IpAddress ip, Protocol p, int port, Cidr net) {
        return new IpSetEntry(IpSetType.HASH_IP_PORT_NET, ip, p, port, null, net);
    }

    public static IpSetEntry bitmapPort(int port) {
        return new IpSetEntry(IpSetType.BITMAP_PORT, null, null, port, null, null);
    }

    /**
     * Parses the first token of a member as {@code ipset save} prints it for {@code type}; empty if it is not
     * such a member. As ipset does, a port without protocol ({@code 10.0.0.1,80}) means tcp.
     */
    public static Optional<IpSetEntry> parse(IpSetType type, String text) {
        String[] parts = text.split(",", -1);
        try {
            switch (type) {
                case HASH_IP:
                    return parts.length == 1 ? IpAddress.tryParse(parts[0]).map(IpSetEntry::hashIp) : Optional.empty();
                case BITMAP_PORT:
                    return parts.length == 1 && isPort(parts[0])
                            ? Optional.of(bitmapPort(Integer.parseInt(parts[0]))) : Optional.empty();
                case HASH_IP_PORT:
                case HASH_IP_PORT_IP:
                case HASH_IP_PORT_NET: {
                    int want = type == IpSetType.HASH_IP_PORT ? 2 : 3;
                    if (parts.length != want) {
                        return Optional.empty();
                    }
                    Optional<IpAddress> ip = IpAddress.tryParse(parts[0]);
                    String pp = parts[1];
                    int colon = pp.indexOf(':');
                    Optional<Protocol> proto = colon < 0 ? Optional.of(Protocol.TCP) : Protocol.parse(pp.substring(0, colon));
                    String portText = colon < 0 ? pp : pp.substring(colon + 1);
                    if (ip.isEmpty() || proto.isEmpty() || proto.get() == Protocol.ICMP || !isPort(portText)) {
                        return Optional.empty();
                    }
                    int port = Integer.parseInt(portText);
                    if (type == IpSetType.HASH_IP_PORT) {
                        return Optional.of(hashIpPort(ip.get(), proto.get(), port));
                    }
                    if (type == IpSetType.HASH_IP_PORT_IP) {
                        return IpAddress.tryParse(parts[2]).filter(a -> a.family() == ip.get().family())
                                .map(a -> hashIpPortIp(ip.get(), proto.get(), port, a));
                    }
                    return Cidr.tryParse(parts[2]).filter(c -> c.family() == ip.get().family() && c.prefixLength() > 0)
                            .map(c -> hashIpPortNet(ip.get(), proto.get(), port, c));
                }
                default:
                    return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isPort(String s) {
        return !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(Character::isDigit) && Integer.parseInt(s) <= 65535;
    }

    /**
     * Whether this member matches the packet dimensions the iptables {@code set} match picks
     * ({@code --match-set NAME dst,dst,src}: one address/port per flag, in the member's dimension order). For
     * hash:ip,port,net the third dimension is tested by containment. {@code proto} must match for port types.
     *
     * @param addrs the addresses chosen by each flag (src or dst address), one per dimension
     * @param ports the ports chosen by each flag, one per dimension
     */
    public boolean matches(IpAddress[] addrs, int[] ports, Protocol proto) {
        return switch (type) {
            case HASH_IP -> addrs.length >= 1 && ip.equals(addrs[0]);
            case BITMAP_PORT -> ports.length >= 1 && port == ports[0];
            case HASH_IP_PORT -> addrs.length >= 2 && ip.equals(addrs[0]) && protocol == proto && port == ports[1];
            case HASH_IP_PORT_IP -> addrs.length >= 3 && ip.equals(addrs[0]) && protocol == proto && port == ports[1]
                    && ip2.equals(addrs[2]);
            case HASH_IP_PORT_NET -> addrs.length >= 3 && ip.equals(addrs[0]) && protocol == proto && port == ports[1]
                    && net.contains(addrs[2]);
            default -> false;
        };
    }
}
