package dev.kpsim.emulator.userspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One service port the {@link UserspaceProxyServer} serves: the proxy port it listens on (all addresses, as
 * kube-proxy's default {@code --bind-address 0.0.0.0}), the protocol, the endpoints in serving order and the
 * session affinity. Printed on the command line as
 * {@code name=NS/SVC:PORT;proto=tcp;port=48577;affinity=ClientIP;ttl=10800;endpoints=IP:P|IP:P}. JDK only.
 *
 * @param name             the ServicePortName, for log lines
 * @param udp              UDP rather than TCP
 * @param port             the proxy port
 * @param endpoints        "ip:port" / "[ipv6]:port" strings
 * @param clientIpAffinity sessionAffinity ClientIP
 * @param ttlSeconds       affinity timeout (0: the default 10800)
 */
public record ProxyServiceSpec(String name, boolean udp, int port, List<String> endpoints, boolean clientIpAffinity, int ttlSeconds) {

    public ProxyServiceSpec {
        endpoints = List.copyOf(endpoints);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port " + port + " is out of range 1-65535");
        }
        if (name.contains(";") || endpoints.stream().anyMatch(e -> e.contains("|") || e.contains(";"))) {
            throw new IllegalArgumentException("';' and '|' cannot appear in a proxy service spec");
        }
    }

    public String format() {
        return "name=" + name + ";proto=" + (udp ? "udp" : "tcp") + ";port=" + port + ";affinity="
                + (clientIpAffinity ? "ClientIP" : "None") + ";ttl=" + ttlSeconds + ";endpoints=" + String.join("|", endpoints);
    }

    /** Parses {@link #format()} output. */
    public static ProxyServiceSpec parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + part + "' is not key=value");
            }
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        String eps = kv.getOrDefault("endpoints", "");
        List<String> endpoints = eps.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(eps.split("\\|")));
        return new ProxyServiceSpec(kv.getOrDefault("name", ""),
                kv.getOrDefault("proto", "tcp").toLowerCase(Locale.ROOT).equals("udp"),
                Integer.parseInt(kv.getOrDefault("port", "0")), endpoints,
                kv.getOrDefault("affinity", "None").equalsIgnoreCase("ClientIP"),
                Integer.parseInt(kv.getOrDefault("ttl", "0")));
    }
}
