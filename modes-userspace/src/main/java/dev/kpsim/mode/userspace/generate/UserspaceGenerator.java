package dev.kpsim.mode.userspace.generate;

import dev.kpsim.core.cluster.LoadBalancerIngress;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.config.ProxyConfig;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.EndpointInfo;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.mode.userspace.StartupOrder;
import dev.kpsim.mode.userspace.UserspaceDataPlane;
import dev.kpsim.mode.userspace.UserspaceMode;
import dev.kpsim.mode.userspace.UserspaceOptions;
import dev.kpsim.mode.userspace.portal.PortalException;
import dev.kpsim.mode.userspace.portal.PortalOpener;
import dev.kpsim.mode.userspace.ports.EphemeralPorts;
import dev.kpsim.mode.userspace.ports.PortAllocationException;
import dev.kpsim.mode.userspace.ports.PortAllocator;
import dev.kpsim.mode.userspace.ports.PortRange;
import dev.kpsim.mode.userspace.proxier.AffinityPolicy;
import dev.kpsim.mode.userspace.proxier.AffinityType;
import dev.kpsim.mode.userspace.proxier.BalancerState;
import dev.kpsim.mode.userspace.proxier.GoFormat;
import dev.kpsim.mode.userspace.proxier.LoadBalancerRR;
import dev.kpsim.mode.userspace.proxier.ProxierLogLine;
import dev.kpsim.mode.userspace.proxier.Rng;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import dev.kpsim.mode.userspace.proxier.UserspaceProxier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generates a node's userspace-mode data plane (historical: removed in kube-proxy 1.26) the way kube-proxy ≤ 1.25
 * started up ({@code NewCustomProxier}, {@code mergeService}, {@code openPortal}, {@code LoadBalancerRR.OnEndpointsAdd}
 * in {@code pkg/proxy/userspace}): choose the host IP, apply each service port's endpoints (shuffled) and Service
 * (proxy port, socket, portals, {@code NewService}) in the configured {@link StartupOrder}, and record the log lines.
 *
 * <p>Service ports are handled in ServicePortName order (kube-proxy walked a Go map). Endpoints are the ready
 * addresses (an Endpoints object's {@code addresses}); traffic policies and topology did not exist for this proxier.
 * Proxy ports: pinned ones first ({@code ProxyConfig.pinnedProxyPort}), then the range allocator or, with no range,
 * the kernel's ephemeral range, each from its own seeded stream. Pure. Cost O(service ports · endpoints).
 */
public final class UserspaceGenerator {
    private UserspaceGenerator() {
    }

    /** The newest kube-proxy release with the userspace mode. */
    public static final KubeProxyVersion LAST_USERSPACE_VERSION = new KubeProxyVersion(1, 25);

    private static final int STREAM_PORTS = 1;
    private static final int STREAM_SHUFFLE = 2;
    private static final int STREAM_KERNEL = 3;
    private static final int STREAM_DIAL = 4;

    /**
     * Generates the data plane of {@code input}'s node.
     *
     * @throws BadInputException for an unusable port range or pinned port, a loopback bind address, or no host address
     */
    public static UserspaceDataPlane generate(ProxyInput input, UserspaceOptions options) {
        ProxyConfig config = input.config();
        Diagnostics notes = new Diagnostics();
        notes.note(SourceLocation.UNKNOWN, "userspace-historical",
                "kube-proxy's userspace mode is " + UserspaceMode.HISTORICAL);
        KubeProxyVersion version = config.kubeProxyVersion();
        if (version.atLeast(1, 26)) {
            notes.note(SourceLocation.UNKNOWN, "userspace-version", "kube-proxy " + version
                    + " has no userspace mode; following kube-proxy " + LAST_USERSPACE_VERSION);
            version = LAST_USERSPACE_VERSION;
        }
        Optional<Node> node = input.cluster().node(input.nodeName());
        IpAddress listen = options.bindAddress();
        if (listen != null && listen.isLoopback()) {
            throw new BadInputException(SourceLocation.UNKNOWN, "userspace-proxy-on-localhost",
                    "cannot proxy on localhost: the userspace proxier refuses bind address " + listen);
        }
        IpAddress hostIp = listen != null && !listen.isUnspecified() ? listen : chooseHostInterface(node, input.nodeName(), listen);
        IpFamily family = hostIp.family();
        IpAddress listenIp = listen != null ? listen : unspecified(family);
        NodeProxyView view = input.view(family);
        PortRange range = PortRange.parse(config.proxyPortRange());

        List<ProxierLogLine> log = new ArrayList<>();
        log.add(ProxierLogLine.info(2, "Setting proxy IP to " + hostIp + " and initializing iptables"));

        Map<ServicePortName, Integer> pinned = pinnedPorts(view, config, version);
        PortAllocator allocator = PortAllocator.forRange(range, Rng.seeded(options.seed(), STREAM_PORTS));
        EphemeralPorts kernel = new EphemeralPorts(Rng.seeded(options.seed(), STREAM_KERNEL));
        for (Map.Entry<ServicePortName, Integer> e : pinned.entrySet()) {
            allocator.reserve(e.getValue());
            kernel.markBound(e.getKey().protocol(), e.getValue());
        }

        Set<IpAddress> local = new LinkedHashSet<>(node.map(n -> n.addresses()).orElse(List.of()));
        local.add(family == IpFamily.IPV4 ? IpAddress.LOCALHOST_V4 : IpAddress.parse("::1"));
        PortalOpener opener = new PortalOpener(listenIp, hostIp, local);

        Phase phase = new Phase(version, LoadBalancerRR.empty(version, Rng.seeded(options.seed(), STREAM_SHUFFLE)),
                log, notes);
        if (options.startupOrder() == StartupOrder.ENDPOINTS_FIRST) {
            phase.applyEndpoints(view);
        }
        SortedMap<ServicePortName, ServiceInfo> services = new TreeMap<>();
        for (ServicePortEntry entry : view.servicePorts()) {
            phase.mergeServicePort(entry, family, pinned, allocator, kernel, opener).ifPresent(i -> services.put(i.name(), i));
        }
        if (options.startupOrder() == StartupOrder.SERVICES_FIRST) {
            phase.applyEndpoints(view);
        }

        UserspaceProxier proxier = new UserspaceProxier(version, hostIp, listenIp, services, phase.lb,
                opener.claimedPorts(), new TreeMap<>(), options.udpIdleTimeout(),
                Rng.seeded(options.seed(), STREAM_DIAL), Duration.ZERO);
        return new UserspaceDataPlane(input.nodeName(), version, range, List.copyOf(pinned.keySet()), options.seed(),
                opener.payload(family), proxier, log, notes.list());
    }

    /** The mutable state of one start-up sequence. */
    private static final class Phase {
        final KubeProxyVersion version;
        LoadBalancerRR lb;
        final List<ProxierLogLine> log;
        final Diagnostics notes;

        Phase(KubeProxyVersion version, LoadBalancerRR lb, List<ProxierLogLine> log, Diagnostics notes) {
            this.version = version;
            this.lb = lb;
            this.log = log;
            this.notes = notes;
        }

        /** {@code OnEndpointsAdd} for every service port with at least one ready address. */
        void applyEndpoints(NodeProxyView view) {
            for (ServicePortEntry entry : view.servicePorts()) {
                List<HostPort> ready = entry.endpoints().stream().filter(EndpointInfo::ready).map(EndpointInfo::address).toList();
                if (!ready.isEmpty()) {
                    LoadBalancerRR.Step s = lb.onEndpointsAdd(entry.info().name(), ready);
                    lb = s.next();
                    log.addAll(s.log());
                }
            }
        }

        /** {@code mergeService} for one port: allocate, listen, open portals, {@code NewService}. */
        Optional<ServiceInfo> mergeServicePort(ServicePortEntry entry, IpFamily family, Map<ServicePortName, Integer> pinned,
                                               PortAllocator allocator, EphemeralPorts kernel, PortalOpener opener) {
            Service svc = entry.service();
            ServicePortName spn = entry.info().name();
            String name = spn.toString(version);
            String q = GoFormat.quote(name);
            Protocol proto = spn.protocol();
            int proxyPort;
            if (pinned.containsKey(spn)) {
                proxyPort = pinned.get(spn);
            } else {
                try {
                    proxyPort = allocator.allocateNext();
                } catch (PortAllocationException e) {
                    log.add(ProxierLogLine.error("failed to allocate proxy port for service " + q + ": " + e.getMessage()));
                    notes.warning(svc.location(), "userspace-proxy-port-exhausted",
                            name + " gets no proxy and no portal rules: " + e.getMessage());
                    return Optional.empty();
                }
            }
            IpAddress clusterIp = entry.info().clusterIp();
            log.add(ProxierLogLine.info(1, "Adding new service " + q + " at "
                    + new HostPort(clusterIp, entry.info().port()) + "/" + proto.name()));
            if (proto == Protocol.SCTP || proto == Protocol.ICMP) {
                String why = proto == Protocol.SCTP ? "SCTP is not supported for user space proxy"
                        : "unknown protocol " + GoFormat.quote(proto.name());
                log.add(ProxierLogLine.error("Failed to start proxy for " + q + ": " + why));
                notes.warning(svc.location(), "userspace-protocol-unsupported", name + " gets no proxy: " + why);
                return Optional.empty();
            }
            try {
                if (proxyPort == 0) {
                    proxyPort = kernel.bindAny(proto);
                } else if (!pinned.containsKey(spn)) {
                    kernel.markBound(proto, proxyPort);
                }
            } catch (PortAllocationException e) {
                log.add(ProxierLogLine.error("Failed to start proxy for " + q + ": " + e.getMessage()));
                notes.warning(svc.location(), "userspace-proxy-port-exhausted", name + " gets no proxy: " + e.getMessage());
                return Optional.empty();
            }
            log.add(ProxierLogLine.info(2, "Proxying for service " + q + " on " + proto.name() + " port " + proxyPort));

            List<IpAddress> externalIps = new ArrayList<>();
            for (IpAddress ip : svc.externalIps()) {
                if (ip.family() == family) {
                    externalIps.add(ip);
                } else {
                    notes.note(svc.location(), "userspace-other-family-skipped", "external IP " + ip + " of " + name
                            + " is not " + family.kubernetesName() + "; this single-stack proxier opens no portal for it");
                }
            }
            List<IpAddress> ingress = svc.loadBalancerIngress().stream().map(LoadBalancerIngress::ip)
                    .filter(ip -> ip != null && ip.family() == family).toList();
            AffinityType affinity = AffinityType.of(svc.sessionAffinity());
            int sticky = affinity.sticky() ? svc.affinityTimeoutSeconds() : 0;
            ServiceInfo info = new ServiceInfo(spn, name, proto, clusterIp, entry.info().port(), proxyPort,
                    entry.info().nodePort(), externalIps, ingress, affinity, sticky);
            try {
                opener.open(info, log);
            } catch (PortalException e) {
                log.add(ProxierLogLine.error("Failed to open portal for " + q + ": " + e.getMessage()));
                notes.warning(svc.location(), "userspace-portal-failed", name + ": " + e.getMessage());
            }
            BalancerState before = lb.state(spn);
            lb = lb.newService(spn, affinity, sticky);
            int ttl = sticky == 0 ? AffinityPolicy.DEFAULT_TTL_SECONDS : sticky;
            if (before != null && affinity.sticky() && before.affinity().ttlSeconds() != ttl) {
                notes.note(svc.location(), "userspace-affinity-ttl-ignored", "ClientIP timeout " + sticky + "s of "
                        + name + " is not applied: its endpoints reached LoadBalancerRR first, and NewService only"
                        + " updates the affinity type of an existing entry (ttl stays " + before.affinity().ttlSeconds() + "s)");
            }
            return Optional.of(info);
        }
    }

    /**
     * {@code utilnet.ChooseHostInterface} stand-in: the node's first address, IPv4 preferred (IPv6 first when the bind
     * address is {@code ::}).
     */
    private static IpAddress chooseHostInterface(Optional<Node> node, String nodeName, IpAddress listen) {
        IpFamily preferred = listen != null ? listen.family() : IpFamily.IPV4;
        IpFamily other = preferred == IpFamily.IPV4 ? IpFamily.IPV6 : IpFamily.IPV4;
        return node.flatMap(n -> n.primaryIp(preferred).or(() -> listen == null ? n.primaryIp(other) : Optional.empty()))
                .orElseThrow(() -> new BadInputException(
                        node.map(Node::location).orElse(SourceLocation.UNKNOWN), "userspace-no-host-interface",
                        "failed to select a host interface: node \"" + nodeName + "\" "
                                + (node.isEmpty() ? "is not in the cluster" : "has no " + preferred.kubernetesName() + " address")));
    }

    private static IpAddress unspecified(IpFamily family) {
        return family == IpFamily.IPV4 ? IpAddress.v4(0) : IpAddress.parse("::");
    }

    /** Pinned proxy ports by service port, validated: 1–65535, one service port per (protocol, port). */
    private static Map<ServicePortName, Integer> pinnedPorts(NodeProxyView view, ProxyConfig config, KubeProxyVersion version) {
        Map<ServicePortName, Integer> out = new LinkedHashMap<>();
        Map<String, ServicePortName> byPort = new HashMap<>();
        for (ServicePortEntry entry : view.servicePorts()) {
            ServicePortName spn = entry.info().name();
            Optional<Integer> p = config.pinnedProxyPort(spn.toString(version))
                    .or(() -> config.pinnedProxyPort(spn.legacyString()))
                    .or(() -> config.pinnedProxyPort(spn.toString()));
            if (p.isEmpty()) {
                continue;
            }
            int port = p.get();
            if (port < 1 || port > 65535) {
                throw new BadInputException(entry.service().location(), "bad-proxy-port",
                        "the pinned proxy port " + port + " of " + spn.toString(version) + " is outside 1-65535");
            }
            ServicePortName clash = byPort.putIfAbsent(spn.protocol() + "/" + port, spn);
            if (clash != null) {
                throw new BadInputException(entry.service().location(), "userspace-proxy-port-conflict",
                        spn.toString(version) + " and " + clash.toString(version) + " are both pinned to proxy port "
                                + port + "/" + spn.protocol().name());
            }
            out.put(spn, port);
        }
        return out;
    }
}
