package dev.kpsim.emulator.userspace;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.proxier.AffinityType;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One service port the {@link UserspaceProxyServer} serves, with the userspace proxier's round-robin state for it as
 * kpsim generated it ({@link BalancerState}: endpoints in serving order — shuffled at generation — and the next
 * index; affinity type and timeout), so the real proxy starts exactly where the simulated proxier starts. Printed on
 * the command line as
 * {@code svc=NS/NAME;portname=P;proto=tcp;version=1.25;port=48577;index=0;affinity=ClientIP;ttl=10800;endpoints=IP:P|IP:P}.
 *
 * @param name        the ServicePortName
 * @param version     the kube-proxy version (log wording)
 * @param proxyPort   the port the proxy socket listens on (all addresses)
 * @param endpoints   in serving order
 * @param index       the round-robin position of the next pick
 * @param affinity    the affinity type
 * @param ttlSeconds  the ClientIP affinity timeout
 */
public record ProxyServiceSpec(ServicePortName name, KubeProxyVersion version, int proxyPort, List<HostPort> endpoints,
                               int index, AffinityType affinity, int ttlSeconds) {

    public ProxyServiceSpec {
        endpoints = List.copyOf(endpoints);
        if (proxyPort < 1 || proxyPort > 65535) {
            throw new IllegalArgumentException("proxy port " + proxyPort + " is out of range 1-65535");
        }
        for (String part : List.of(name.namespace(), name.name(), name.port())) {
            if (part.contains(";") || part.contains("=") || part.contains("|")) {
                throw new IllegalArgumentException("';', '=' and '|' cannot appear in a service port name: " + name);
            }
        }
        if (index < 0 || (index > 0 && index >= endpoints.size())) {
            throw new IllegalArgumentException("index " + index + " is outside 0.." + Math.max(0, endpoints.size() - 1));
        }
    }

    /** The spec of a generated service port and its balancer state. */
    public static ProxyServiceSpec of(ServiceInfo info, BalancerState state, KubeProxyVersion version) {
        return new ProxyServiceSpec(info.name(), version, info.proxyPort(), state.endpoints(), state.index(),
                state.affinity().type(), state.affinity().ttlSeconds());
    }

    public boolean udp() {
        return name.protocol() == Protocol.UDP;
    }

    public String format() {
        List<String> eps = new ArrayList<>();
        endpoints.forEach(e -> eps.add(e.toString()));
        return "svc=" + name.serviceKey() + ";portname=" + name.port() + ";proto=" + name.protocol().lower() + ";version="
                + version.major() + "." + version.minor() + ";port=" + proxyPort + ";index=" + index + ";affinity="
                + affinity.name() + ";ttl=" + ttlSeconds + ";endpoints=" + String.join("|", eps);
    }

    /**
     * Parses {@link #format()} output.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static ProxyServiceSpec parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String part : text.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' is not key=value");
            }
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        String svc = required(kv, "svc");
        int slash = svc.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("svc must be NAMESPACE/NAME, not " + svc);
        }
        Protocol proto = Protocol.valueOf(required(kv, "proto").toUpperCase(Locale.ROOT));
        ServicePortName spn = new ServicePortName(svc.substring(0, slash), svc.substring(slash + 1), kv.getOrDefault("portname", ""), proto);
        KubeProxyVersion version = KubeProxyVersion.parse(required(kv, "version"))
                .orElseThrow(() -> new IllegalArgumentException("bad version " + kv.get("version")));
        String eps = kv.getOrDefault("endpoints", "");
        List<HostPort> endpoints = new ArrayList<>();
        if (!eps.isEmpty()) {
            for (String e : eps.split("\\|")) {
                endpoints.add(HostPort.parse(e));
            }
        }
        return new ProxyServiceSpec(spn, version, Integer.parseInt(required(kv, "port")), endpoints,
                Integer.parseInt(kv.getOrDefault("index", "0")), AffinityType.valueOf(kv.getOrDefault("affinity", "NONE")),
                Integer.parseInt(kv.getOrDefault("ttl", "0")));
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }
}
