package dev.kpsim.mode.userspace.portal;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * The argument lists of the userspace proxier's portal rules, in kube-proxy's own order
 * ({@code iptablesCommonPortalArgs}, {@code iptablesContainerPortalArgs}, {@code iptablesHostPortalArgs},
 * {@code iptablesHostNodePortArgs}, {@code iptablesNonLocalNodePortArgs} in {@code pkg/proxy/userspace/proxier.go}):
 * {@code -m comment --comment NAME -p PROTO -m PROTO --dport PORT [-d IP/32] [-m physdev ! --physdev-is-in]
 * [-m addrtype --dst-type LOCAL]} then the target. {@code iptables-save} prints the same rule with {@code -d} and
 * {@code -p} first; that canonical form is the shared printer's job. Pure.
 */
public final class PortalArgs {
    private PortalArgs() {
    }

    /** {@code iptablesCommonPortalArgs}; {@code destIp} null for NodePort rules. */
    public static List<String> common(String comment, Protocol protocol, IpAddress destIp, int destPort,
                                      boolean physdevNotIn, boolean dstLocal) {
        List<String> a = new ArrayList<>(List.of("-m", "comment", "--comment", comment,
                "-p", protocol.lower(), "-m", protocol.lower(), "--dport", Integer.toString(destPort)));
        if (destIp != null) {
            a.add("-d");
            a.add(toCidr(destIp));
        }
        if (physdevNotIn) {
            a.addAll(List.of("-m", "physdev", "!", "--physdev-is-in"));
        }
        if (dstLocal) {
            a.addAll(List.of("-m", "addrtype", "--dst-type", "LOCAL"));
        }
        return a;
    }

    /**
     * {@code iptablesContainerPortalArgs}: with the proxy bound to 0.0.0.0/:: a REDIRECT to the proxy port (to the
     * incoming interface's primary address); bound to one address, a DNAT to it.
     */
    public static List<String> container(String comment, Protocol protocol, IpAddress destIp, int destPort,
                                         boolean physdevNotIn, boolean dstLocal, IpAddress listenIp, int proxyPort) {
        List<String> a = common(comment, protocol, destIp, destPort, physdevNotIn, dstLocal);
        if (listenIp.isUnspecified()) {
            a.addAll(List.of("-j", "REDIRECT", "--to-ports", Integer.toString(proxyPort)));
        } else {
            a.addAll(List.of("-j", "DNAT", "--to-destination", new HostPort(listenIp, proxyPort).toString()));
        }
        return a;
    }

    /**
     * {@code iptablesHostPortalArgs}: always a DNAT, to the bind address or, with 0.0.0.0, to the host IP (REDIRECT
     * and DNAT to 127.0.0.1 do not work for locally generated traffic).
     */
    public static List<String> host(String comment, Protocol protocol, IpAddress destIp, int destPort, boolean dstLocal,
                                    IpAddress listenIp, IpAddress hostIp, int proxyPort) {
        List<String> a = common(comment, protocol, destIp, destPort, false, dstLocal);
        a.addAll(dnatTo(listenIp, hostIp, proxyPort));
        return a;
    }

    /** {@code iptablesHostNodePortArgs}: {@code --dport NODEPORT}, DNAT to host IP (or bind address) : proxy port. */
    public static List<String> hostNodePort(String comment, Protocol protocol, int nodePort, IpAddress listenIp,
                                            IpAddress hostIp, int proxyPort) {
        List<String> a = common(comment, protocol, null, nodePort, false, false);
        a.addAll(dnatTo(listenIp, hostIp, proxyPort));
        return a;
    }

    /** {@code iptablesNonLocalNodePortArgs}: {@code --dport PROXYPORT -m state --state NEW -j ACCEPT}. */
    public static List<String> nonLocalNodePort(String comment, Protocol protocol, int proxyPort) {
        List<String> a = common(comment, protocol, null, proxyPort, false, false);
        a.addAll(List.of("-m", "state", "--state", "NEW", "-j", "ACCEPT"));
        return a;
    }

    /** {@code utilproxy.ToCIDR}: {@code IP/32} or {@code IP/128}. */
    public static String toCidr(IpAddress ip) {
        return ip + "/" + ip.family().bits();
    }

    /**
     * One {@code -A CHAIN …} line of a restore payload. The comment value, and any argument that is empty or holds
     * whitespace, is double-quoted as {@code iptables-restore} expects.
     */
    public static String appendLine(String chain, List<String> args) {
        StringBuilder sb = new StringBuilder("-A ").append(chain);
        String previous = "";
        for (String arg : args) {
            sb.append(' ');
            boolean quote = previous.equals("--comment") || arg.isEmpty() || arg.chars().anyMatch(Character::isWhitespace);
            sb.append(quote ? "\"" + arg + "\"" : arg);
            previous = arg;
        }
        return sb.toString();
    }

    private static List<String> dnatTo(IpAddress listenIp, IpAddress hostIp, int proxyPort) {
        IpAddress to = listenIp.isUnspecified() ? hostIp : listenIp;
        return List.of("-j", "DNAT", "--to-destination", new HostPort(to, proxyPort).toString());
    }
}
