package dev.kpsim.mode.userspace.render;

import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.UserspaceMode;
import dev.kpsim.mode.userspace.ports.EphemeralPorts;
import dev.kpsim.mode.userspace.proxier.AffinityRecord;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.ClaimedPort;
import dev.kpsim.mode.userspace.proxier.GoFormat;
import dev.kpsim.mode.userspace.proxier.ProxierLogLine;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import dev.kpsim.mode.userspace.proxier.UdpClient;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code proxier} format: kpsim's own text dump of the userspace proxier (historical, removed in kube-proxy
 * 1.26), which had no dump command of its own. Sections: a {@code #} header (node, version, seed, host IP, bind
 * address, where proxy ports came from); the log lines kube-proxy wrote while starting, one per line as
 * {@code I [v1] message} (klog's date/time/thread/file header left out; messages byte for byte); then per service
 * port its portal, proxy port, the endpoints in serving order, the next round-robin position, the affinity policy and
 * records, and live UDP flows; last the claimed ports. Times are offsets on the simulated clock.
 */
public final class ProxierRenderer {
    private ProxierRenderer() {
    }

    /** The dump of a generated data plane. */
    public static String render(UserspaceDataPlane dp) {
        StringBuilder sb = new StringBuilder(4096);
        UserspaceProxier p = dp.proxier();
        sb.append("# kube-proxy userspace proxier: ").append(UserspaceMode.HISTORICAL).append('\n');
        sb.append("# node ").append(dp.nodeName()).append(", as kube-proxy ").append(dp.version())
                .append(", seed ").append(dp.seed()).append('\n');
        sb.append("# host IP ").append(p.hostIp()).append(" (ChooseHostInterface), proxy sockets bound to ")
                .append(p.listenIp()).append('\n');
        sb.append("# proxy ports: ").append(dp.portRange().isUnset()
                ? "chosen by the kernel from " + EphemeralPorts.LOW + "-" + EphemeralPorts.HIGH + " (simulated)"
                : "--proxy-port-range " + dp.portRange());
        if (!dp.pinnedPorts().isEmpty()) {
            sb.append("; pinned: ").append(dp.pinnedPorts().stream().map(s -> s.toString(dp.version()))
                    .collect(Collectors.joining(", ")));
        }
        sb.append("\n\n# log\n");
        for (ProxierLogLine l : dp.log()) {
            sb.append(l).append('\n');
        }
        sb.append("\n# service ports\n");
        sb.append(state(p));
        return sb.toString();
    }

    /** The service-port and claimed-port sections of a proxier state (for example after a simulation). */
    public static String state(UserspaceProxier p) {
        StringBuilder sb = new StringBuilder(2048);
        TreeSet<ServicePortName> names = new TreeSet<>(p.services().keySet());
        names.addAll(p.loadBalancer().services().keySet());
        for (ServicePortName spn : names) {
            ServiceInfo info = p.services().get(spn);
            BalancerState st = p.loadBalancer().state(spn);
            sb.append(spn.toString(p.version())).append('\n');
            if (info == null) {
                sb.append("  proxy: none (endpoints known, but no proxy socket)\n");
            } else {
                sb.append("  portal: ").append(info.protocol().name()).append(' ')
                        .append(new HostPort(info.portalIp(), info.portalPort())).append('\n');
                sb.append("  proxy port: ").append(info.proxyPort()).append('\n');
                if (!info.externalIps().isEmpty()) {
                    sb.append("  external IPs: ").append(join(info.externalIps())).append('\n');
                }
                if (!info.loadBalancerIps().isEmpty()) {
                    sb.append("  load-balancer IPs: ").append(join(info.loadBalancerIps())).append('\n');
                }
                if (info.nodePort() != 0) {
                    sb.append("  node port: ").append(info.nodePort()).append('\n');
                }
            }
            if (st == null) {
                sb.append("  endpoints: none\n");
                continue;
            }
            sb.append("  endpoints (serving order): ").append(GoFormat.slice(st.endpoints())).append('\n');
            if (!st.endpoints().isEmpty()) {
                sb.append("  next: index ").append(st.index()).append(" -> ").append(st.nextInRotation()).append('\n');
            }
            String type = st.affinity().type().apiName();
            sb.append("  session affinity: ").append(type.isEmpty() ? "\"\" (not set yet)" : type);
            if (st.affinity().type().sticky()) {
                sb.append(", ttl ").append(st.affinity().ttlSeconds()).append('s');
            }
            sb.append('\n');
            for (AffinityRecord r : st.affinity().records().values()) {
                sb.append("    client ").append(r.clientIp()).append(" -> ").append(r.endpoint())
                        .append(" (last used ").append(time(r.lastUsed())).append(")\n");
            }
            for (Map.Entry<HostPort, UdpClient> e : p.udpFlows(spn).entrySet()) {
                UdpClient f = e.getValue();
                sb.append("    udp flow ").append(f.client()).append(" -> ").append(f.endpoint()).append(" via ")
                        .append(f.backendSource()).append(" (last activity ").append(time(f.lastActivity())).append(")\n");
            }
        }
        if (!p.claimedPorts().isEmpty()) {
            sb.append("\n# claimed ports\n");
            for (ClaimedPort c : p.claimedPorts()) {
                sb.append(c.key()).append(' ').append(c.owner()).append('\n');
            }
        }
        return sb.toString();
    }

    /** {@code +12.000s}: an offset on the simulated clock. */
    public static String time(Duration d) {
        return String.format("+%d.%03ds", d.getSeconds(), d.toMillisPart());
    }

    private static String join(List<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
