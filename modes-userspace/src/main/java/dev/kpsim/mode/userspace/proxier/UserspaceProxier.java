package dev.kpsim.mode.userspace.proxier;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import dev.kpsim.core.kubeproxy.ServicePortName;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of kube-proxy's userspace proxier on one node, as an immutable value that each connection advances
 * ({@code Proxier} in {@code pkg/proxy/userspace/proxier.go} with its {@link LoadBalancerRR} and the UDP client caches
 * of {@code proxysocket.go}; historical, removed in kube-proxy 1.26).
 *
 * <p>The userspace proxier accepts the client's connection on the service port's proxy socket (the portal rules
 * REDIRECT or DNAT it there), picks an endpoint with {@code NextEndpoint} and opens a second, separate connection from
 * the node to that endpoint, retrying up to four times with dial timeouts 250ms, 500ms, 1s and 2s and without
 * consulting affinity on retries. UDP flows are kept per client address until idle for the UDP timeout.
 *
 * @param hostIp         the node address used for host-portal DNAT and as the source of the proxier's connections
 *                       ({@code utilnet.ChooseHostInterface}: kpsim takes the node's primary address)
 * @param listenIp       the proxy sockets' bind address ({@code --bind-address}); unspecified (0.0.0.0/::) by default
 * @param claimedPorts   the ports held open by {@code claimNodePort}, in the order claimed
 * @param udpClients     live UDP flows per service port, by client address
 * @param udpIdleTimeout {@code --udp-timeout}
 * @param dialRng        the stream the kernel's choice of ephemeral source ports is simulated with
 * @param clock          the latest request time this state has seen; requests must not go back before it (retries
 *                       after a failed dial happen later, at the request time plus the timeouts spent)
 */
public record UserspaceProxier(
        KubeProxyVersion version,
        IpAddress hostIp,
        IpAddress listenIp,
        SortedMap<ServicePortName, ServiceInfo> services,
        LoadBalancerRR loadBalancer,
        List<ClaimedPort> claimedPorts,
        SortedMap<ServicePortName, SortedMap<HostPort, UdpClient>> udpClients,
        Duration udpIdleTimeout,
        Rng dialRng,
        Duration clock) {

    /** {@code EndpointDialTimeouts}: one dial per entry, so at most four endpoints are tried. */
    public static final List<Duration> ENDPOINT_DIAL_TIMEOUTS = List.of(
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private static final int EPHEMERAL_LOW = 32768;
    private static final int EPHEMERAL_HIGH = 60999;

    public UserspaceProxier {
        services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
        claimedPorts = List.copyOf(claimedPorts);
        SortedMap<ServicePortName, SortedMap<HostPort, UdpClient>> u = new TreeMap<>();
        udpClients.forEach((k, v) -> u.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        udpClients = Collections.unmodifiableSortedMap(u);
    }

    /** A new state and the log lines written on the way to it. */
    public record Step(UserspaceProxier next, List<ProxierLogLine> log) {
        public Step {
            log = List.copyOf(log);
        }
    }

    /** The service port whose portal (ClusterIP, external IP or load-balancer IP, and port) matches, if any. */
    public Optional<ServiceInfo> serviceForPortal(IpAddress ip, int port, Protocol protocol) {
        return services.values().stream().filter(s -> s.hasPortal(ip, port, protocol)).findFirst();
    }

    /** The service port with this NodePort, if any. */
    public Optional<ServiceInfo> serviceForNodePort(int nodePort, Protocol protocol) {
        return services.values().stream()
                .filter(s -> s.nodePort() != 0 && s.nodePort() == nodePort && s.protocol() == protocol).findFirst();
    }

    /** The service port whose proxy socket listens on {@code proxyPort}, if any (where a REDIRECT lands). */
    public Optional<ServiceInfo> serviceForProxyPort(int proxyPort, Protocol protocol) {
        return services.values().stream()
                .filter(s -> s.proxyPort() == proxyPort && s.protocol() == protocol).findFirst();
    }

    /**
     * The address the proxy socket accepts on: the bind address, or with the default 0.0.0.0 the host IP (pod traffic
     * REDIRECTed in PREROUTING actually lands on the incoming interface's primary address, e.g. the bridge's).
     */
    public IpAddress acceptAddress() {
        return listenIp.isUnspecified() ? hostIp : listenIp;
    }

    /**
     * Handles one new connection (TCP) or datagram (UDP) on a service port's proxy socket at {@code request.at()}.
     * O(attempts · log services).
     *
     * @throws BadInputException if the service port has no proxy socket on this node
     * @throws IllegalArgumentException if the request is earlier than {@link #clock()}
     */
    public ConnectionResult connect(ConnectionRequest request) {
        requireNotBefore(request.at());
        ServicePortName spn = request.service();
        ServiceInfo info = services.get(spn);
        if (info == null) {
            throw new BadInputException(SourceLocation.UNKNOWN, "userspace-unknown-service",
                    "service port " + spn.toString(version) + " has no userspace proxy socket on this node");
        }
        Protocol proto = info.protocol();
        Leg inbound = new Leg(request.client(), new HostPort(acceptAddress(), info.proxyPort()), proto);
        List<ProxierLogLine> log = new ArrayList<>();
        String name = spn.toString(version);

        if (proto == Protocol.UDP) {
            UdpClient flow = udpClients.getOrDefault(spn, Collections.emptySortedMap()).get(request.client());
            if (flow != null && flow.aliveAt(request.at(), udpIdleTimeout)) {
                UdpClient refreshed = new UdpClient(flow.client(), flow.endpoint(), flow.backendSource(), request.at());
                UserspaceProxier next = withUdpClient(spn, refreshed, loadBalancer, dialRng, request.at());
                return new ConnectionResult(next, request, ConnectionOutcome.REUSED_UDP_FLOW, List.of(),
                        Optional.of(flow.endpoint()), inbound,
                        Optional.of(new Leg(flow.backendSource(), flow.endpoint(), proto)), log);
            }
            log.add(ProxierLogLine.info(3, "New UDP connection from " + request.client()));
        }

        LoadBalancerRR lb = loadBalancer;
        List<DialAttempt> attempts = new ArrayList<>();
        boolean affinityReset = false;
        Duration t = request.at();
        for (Duration timeout : ENDPOINT_DIAL_TIMEOUTS) {
            LoadBalancerRR.Pick pick = lb.nextEndpoint(spn, request.client().ip(), affinityReset, t);
            lb = pick.next();
            if (!pick.ok()) {
                log.add(ProxierLogLine.error("Couldn't find an endpoint for " + name + ": " + pick.error()));
                if (proto == Protocol.TCP) {
                    log.add(ProxierLogLine.error("Failed to connect to balancer: " + pick.error()));
                }
                ConnectionOutcome outcome = LoadBalancerRR.ERR_MISSING_SERVICE_ENTRY.equals(pick.error())
                        ? ConnectionOutcome.NO_SERVICE : ConnectionOutcome.NO_ENDPOINTS;
                return new ConnectionResult(copy(lb, dialRng, request.at()), request, outcome, attempts, Optional.empty(),
                        inbound, Optional.empty(), log);
            }
            HostPort endpoint = pick.endpoint();
            log.add(ProxierLogLine.info(3, "Mapped service " + GoFormat.quote(name) + " to endpoint " + endpoint));
            // A UDP "dial" only creates a socket, so it succeeds whether or not the endpoint is alive.
            boolean connected = proto == Protocol.UDP || !request.unreachable().contains(endpoint);
            attempts.add(new DialAttempt(endpoint, pick.fromAffinity(), t, timeout, connected));
            if (!connected) {
                log.add(ProxierLogLine.error("Dial failed: dial " + proto.lower() + " " + endpoint + ": i/o timeout"));
                affinityReset = true;
                t = t.plus(timeout);
                continue;
            }
            Rng.IntDraw port = dialRng.nextInt(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
            HostPort source = new HostPort(hostIp, EPHEMERAL_LOW + port.value());
            UserspaceProxier next = proto == Protocol.UDP
                    ? withUdpClient(spn, new UdpClient(request.client(), endpoint, source, t), lb, port.next(), request.at())
                    : copy(lb, port.next(), request.at());
            return new ConnectionResult(next, request, ConnectionOutcome.PROXIED, attempts, Optional.of(endpoint),
                    inbound, Optional.of(new Leg(source, endpoint, proto)), log);
        }
        if (proto == Protocol.TCP) {
            log.add(ProxierLogLine.error("Failed to connect to balancer: failed to connect to an endpoint"));
        }
        return new ConnectionResult(copy(lb, dialRng, request.at()), request, ConnectionOutcome.DIAL_FAILED, attempts,
                Optional.empty(), inbound, Optional.empty(), log);
    }

    /**
     * An Endpoints update for one service port: a non-empty list goes through {@code OnEndpointsUpdate} (reshuffled
     * only if the set changed), an empty one resets the port ({@code resetService}).
     */
    public Step updateEndpoints(ServicePortName spn, List<HostPort> endpoints) {
        LoadBalancerRR.Step s = endpoints.isEmpty() ? loadBalancer.resetService(spn) : loadBalancer.onEndpointsUpdate(spn, endpoints);
        return new Step(copy(s.next(), dialRng, clock), s.log());
    }

    /**
     * What a sync does to the proxier's memory at {@code now}: {@code CleanupStaleStickySessions} for every service
     * port, and UDP flows whose idle deadline has passed are gone. Choices are unaffected (an expired record is
     * ignored by {@code NextEndpoint} anyway).
     */
    public UserspaceProxier cleanupStaleStickySessions(Duration now) {
        requireNotBefore(now);
        SortedMap<ServicePortName, SortedMap<HostPort, UdpClient>> udp = new TreeMap<>();
        udpClients.forEach((spn, flows) -> {
            SortedMap<HostPort, UdpClient> live = new TreeMap<>();
            flows.forEach((c, f) -> {
                if (f.aliveAt(now, udpIdleTimeout)) {
                    live.put(c, f);
                }
            });
            if (!live.isEmpty()) {
                udp.put(spn, live);
            }
        });
        return new UserspaceProxier(version, hostIp, listenIp, services, loadBalancer.cleanupAllStaleStickySessions(now),
                claimedPorts, udp, udpIdleTimeout, dialRng, now);
    }

    private void requireNotBefore(Duration at) {
        if (at.compareTo(clock) < 0) {
            throw new IllegalArgumentException("time " + at + " is before the proxier's clock " + clock
                    + "; simulate connections in time order");
        }
    }

    private UserspaceProxier copy(LoadBalancerRR lb, Rng rng, Duration now) {
        return new UserspaceProxier(version, hostIp, listenIp, services, lb, claimedPorts, udpClients, udpIdleTimeout,
                rng, now.compareTo(clock) > 0 ? now : clock);
    }

    private UserspaceProxier withUdpClient(ServicePortName spn, UdpClient flow, LoadBalancerRR lb, Rng rng, Duration now) {
        SortedMap<ServicePortName, SortedMap<HostPort, UdpClient>> udp = new TreeMap<>(udpClients);
        SortedMap<HostPort, UdpClient> flows = new TreeMap<>(udp.getOrDefault(spn, Collections.emptySortedMap()));
        flows.put(flow.client(), flow);
        udp.put(spn, flows);
        return new UserspaceProxier(version, hostIp, listenIp, services, lb, claimedPorts, udp, udpIdleTimeout, rng,
                now.compareTo(clock) > 0 ? now : clock);
    }

    /** The UDP flows of one service port (empty map if none). */
    public Map<HostPort, UdpClient> udpFlows(ServicePortName spn) {
        return udpClients.getOrDefault(spn, Collections.emptySortedMap());
    }
}
