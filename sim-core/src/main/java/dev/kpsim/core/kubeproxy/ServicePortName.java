package dev.kpsim.core.kubeproxy;

import dev.kpsim.core.net.Protocol;

/**
 * kube-proxy's key for one port of one Service: namespace, name, port name and protocol
 * ({@code proxy.ServicePortName}, {@code pkg/proxy/types.go}).
 *
 * <p>Its string form is what kube-proxy hashes into chain names and writes into comments. Since v1.19 an
 * unnamed port prints without a colon ({@code default/hostnames}); up to v1.18 the colon was always printed
 * ({@code default/hostnames:}), which changes every hash.
 */
public record ServicePortName(String namespace, String name, String port, Protocol protocol)
        implements Comparable<ServicePortName> {

    public ServicePortName {
        port = port == null ? "" : port;
    }

    /** The v1.19+ string: {@code ns/name} or {@code ns/name:port}. */
    @Override
    public String toString() {
        return port.isEmpty() ? namespace + "/" + name : namespace + "/" + name + ":" + port;
    }

    /** The ≤ v1.18 string, {@code "%s:%s"} of namespaced name and port: always with the colon. */
    public String legacyString() {
        return namespace + "/" + name + ":" + port;
    }

    /** The string the given kube-proxy version printed. */
    public String toString(KubeProxyVersion version) {
        return version.before(1, 19) ? legacyString() : toString();
    }

    /** {@code namespace/name}. */
    public String serviceKey() {
        return namespace + "/" + name;
    }

    /** Orders by the v1.19+ string, then protocol: the deterministic order kpsim generates service ports in. */
    @Override
    public int compareTo(ServicePortName o) {
        int c = toString().compareTo(o.toString());
        return c != 0 ? c : protocol.lower().compareTo(o.protocol.lower());
    }
}
