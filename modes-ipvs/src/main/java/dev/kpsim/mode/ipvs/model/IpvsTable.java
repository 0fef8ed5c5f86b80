package dev.kpsim.mode.ipvs.model;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPVS table of one node: every virtual service in creation order (the order kube-proxy's sync added them),
 * plus what {@code ipvsadm -L} prints in its header ({@code IP Virtual Server version 1.2.1 (size=4096)}: the IPVS
 * version and the connection hash table size, {@code 1 << CONFIG_IP_VS_TAB_BITS}). Immutable and thread-safe.
 *
 * <p>{@link #lookup} is the pure part of IPVS's packet interception ({@code ip_vs_service_find} in
 * {@code ip_vs_ctl.c}): which virtual service a (protocol, destination address, destination port) hits. O(1).
 */
public final class IpvsTable {
    /** {@code NVERSION(IP_VS_VERSION_CODE)} of every kernel since 2.6.x. */
    public static final String KERNEL_IPVS_VERSION = "1.2.1";
    /** The default connection table size {@code 1 << 12}. */
    public static final int DEFAULT_CONN_TAB_SIZE = 4096;

    private final List<VirtualServer> services;
    private final String version;
    private final int connTableSize;
    private final Map<VirtualServerKey, VirtualServer> byKey = new HashMap<>();

    public IpvsTable(List<VirtualServer> services, String version, int connTableSize) {
        this.services = List.copyOf(services);
        this.version = version;
        this.connTableSize = connTableSize;
        for (VirtualServer vs : this.services) {
            if (byKey.putIfAbsent(vs.key(), vs) != null) {
                throw new IllegalArgumentException("virtual service " + vs.key() + " appears twice");
            }
        }
    }

    /** A table with the modern kernel's header values. */
    public static IpvsTable of(List<VirtualServer> services) {
        return new IpvsTable(services, KERNEL_IPVS_VERSION, DEFAULT_CONN_TAB_SIZE);
    }

    /** Virtual services in creation order. */
    public List<VirtualServer> services() {
        return services;
    }

    public String version() {
        return version;
    }

    public int connTableSize() {
        return connTableSize;
    }

    /** The virtual service for a packet to {@code address:port} over {@code protocol}; empty if IPVS ignores it. */
    public Optional<VirtualServer> lookup(Protocol protocol, IpAddress address, int port) {
        return Optional.ofNullable(byKey.get(VirtualServerKey.of(protocol, address, port)));
    }

    /** The virtual service with this key, if any. */
    public Optional<VirtualServer> get(VirtualServerKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpvsTable t && t.services.equals(services) && t.version.equals(version)
                && t.connTableSize == connTableSize;
    }

    @Override
    public int hashCode() {
        return services.hashCode() * 31 + connTableSize;
    }

    @Override
    public String toString() {
        return "IpvsTable" + services;
    }
}
