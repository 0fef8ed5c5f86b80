package dev.kpsim.mode.userspace.portal;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.netfilter.restore.RestoreLine;
import dev.kpsim.core.netfilter.restore.RestorePayload;
import dev.kpsim.core.netfilter.restore.RestoreTable;
import dev.kpsim.mode.userspace.proxier.ClaimedPort;
import dev.kpsim.mode.userspace.proxier.GoFormat;
import dev.kpsim.mode.userspace.proxier.ProxierLogLine;
import dev.kpsim.mode.userspace.proxier.ServiceInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Opens the portals of service ports one after another, as the userspace proxier's {@code openPortal},
 * {@code openOnePortal}, {@code openNodePort} and {@code claimNodePort} did ({@code pkg/proxy/userspace/proxier.go}),
 * collecting the rules per chain, the claimed ports and the log lines. For each service port: the ClusterIP portal,
 * each external IP (container rule with {@code ! --physdev-is-in}, a second container rule and the host rule with
 * {@code --dst-type LOCAL}), each load-balancer ingress IP (plain form), then the NodePort. The first failure stops the
 * rest of that service port's portals, as upstream. Rules already present ({@code EnsureRule}) are not added twice.
 *
 * <p>Role keys attached as provenance: {@code portal-redirect}, {@code portal-host-dnat}, {@code node-port-redirect},
 * {@code node-port-host-dnat}, {@code node-port-non-local-accept}. Mutable; one instance per generation.
 */
public final class PortalOpener {
    private final IpAddress listenIp;
    private final IpAddress hostIp;
    private final Set<IpAddress> localAddresses;
    private final Map<String, List<RestoreLine>> rulesByChain = new LinkedHashMap<>();
    private final Set<String> present = new HashSet<>();
    private final Map<String, ClaimedPort> portMap = new LinkedHashMap<>();

    /**
     * @param listenIp       the proxy's bind address (0.0.0.0/:: by default)
     * @param hostIp         the host IP used by DNAT rules when {@code listenIp} is unspecified
     * @param localAddresses the node's own addresses ({@code GetLocalAddrs}); a portal on one of them is claimed
     */
    public PortalOpener(IpAddress listenIp, IpAddress hostIp, Set<IpAddress> localAddresses) {
        this.listenIp = listenIp;
        this.hostIp = hostIp;
        this.localAddresses = Set.copyOf(localAddresses);
        for (String c : PortalChains.NAT_CHAINS) {
            rulesByChain.put(c, new ArrayList<>());
        }
        for (String c : PortalChains.FILTER_CHAINS) {
            rulesByChain.put(c, new ArrayList<>());
        }
    }

    /**
     * {@code openPortal} for one service port; appends the log lines it writes to {@code log}.
     *
     * @throws PortalException when a port claim conflicts; portals opened before the failure stay
     */
    public void open(ServiceInfo info, List<ProxierLogLine> log) throws PortalException {
        openOne(info, info.portalIp(), false, log);
        for (IpAddress ip : info.externalIps()) {
            openOne(info, ip, true, log);
        }
        for (IpAddress ip : info.loadBalancerIps()) {
            openOne(info, ip, false, log);
        }
        if (info.nodePort() != 0) {
            openNodePort(info, log);
        }
    }

    private void openOne(ServiceInfo info, IpAddress ip, boolean external, List<ProxierLogLine> log) throws PortalException {
        if (localAddresses.contains(ip)) {
            claim(ip, info.portalPort(), info, log);
        }
        String name = info.displayName();
        String q = GoFormat.quote(name);
        String where = info.protocol().name() + " " + new HostPort(ip, info.portalPort());
        List<String> args = PortalArgs.container(name, info.protocol(), ip, info.portalPort(), external, false,
                listenIp, info.proxyPort());
        if (ensure(PortalChains.CONTAINER_PORTAL, args, name, "portal-redirect")) {
            log.add(ProxierLogLine.info(3, "Opened iptables from-containers portal for service " + q + " on " + where));
        }
        if (external) {
            args = PortalArgs.container(name, info.protocol(), ip, info.portalPort(), false, true, listenIp, info.proxyPort());
            if (ensure(PortalChains.CONTAINER_PORTAL, args, name, "portal-redirect")) {
                log.add(ProxierLogLine.info(3, "Opened iptables from-containers portal for service " + q + " on " + where
                        + " for local traffic"));
            }
            args = PortalArgs.host(name, info.protocol(), ip, info.portalPort(), true, listenIp, hostIp, info.proxyPort());
            if (ensure(PortalChains.HOST_PORTAL, args, name, "portal-host-dnat")) {
                log.add(ProxierLogLine.info(3, "Opened iptables from-host portal for service " + q + " on " + where
                        + " for dst-local traffic"));
            }
            return;
        }
        args = PortalArgs.host(name, info.protocol(), ip, info.portalPort(), false, listenIp, hostIp, info.proxyPort());
        if (ensure(PortalChains.HOST_PORTAL, args, name, "portal-host-dnat")) {
            log.add(ProxierLogLine.info(3, "Opened iptables from-host portal for service " + q + " on " + where));
        }
    }

    private void openNodePort(ServiceInfo info, List<ProxierLogLine> log) throws PortalException {
        claim(null, info.nodePort(), info, log);
        String name = info.displayName();
        String q = GoFormat.quote(name);
        String on = " on " + info.protocol().name() + " port " + info.nodePort();
        List<String> args = PortalArgs.container(name, info.protocol(), null, info.nodePort(), false, false, listenIp,
                info.proxyPort());
        if (ensure(PortalChains.CONTAINER_NODE_PORT, args, name, "node-port-redirect")) {
            log.add(ProxierLogLine.info(0, "Opened iptables from-containers public port for service " + q + on));
        }
        args = PortalArgs.hostNodePort(name, info.protocol(), info.nodePort(), listenIp, hostIp, info.proxyPort());
        if (ensure(PortalChains.HOST_NODE_PORT, args, name, "node-port-host-dnat")) {
            log.add(ProxierLogLine.info(0, "Opened iptables from-host public port for service " + q + on));
        }
        args = PortalArgs.nonLocalNodePort(name, info.protocol(), info.proxyPort());
        if (ensure(PortalChains.NON_LOCAL_NODE_PORT, args, name, "node-port-non-local-accept")) {
            log.add(ProxierLogLine.info(0, "Opened iptables from-non-local public port for service " + q + on));
        }
    }

    /** {@code claimNodePort}: idempotent for the same owner, a conflict for another. */
    private void claim(IpAddress ip, int port, ServiceInfo info, List<ProxierLogLine> log) throws PortalException {
        ClaimedPort wanted = new ClaimedPort(ip, port, info.protocol(), info.displayName());
        ClaimedPort existing = portMap.get(wanted.key());
        if (existing == null) {
            portMap.put(wanted.key(), wanted);
            log.add(ProxierLogLine.info(2, "Claimed local port " + wanted.key()));
            return;
        }
        if (Objects.equals(existing.owner(), wanted.owner())) {
            return;
        }
        // Upstream prints the existing *portMapValue with %v, which includes a socket pointer; kpsim writes <socket>.
        throw new PortalException("Port conflict detected on port " + wanted.key() + ".  " + wanted.owner()
                + " vs &{" + existing.owner() + " <socket>}");
    }

    private boolean ensure(String chain, List<String> args, String servicePort, String role) {
        String line = PortalArgs.appendLine(chain, args);
        if (!present.add(line)) {
            return false;
        }
        rulesByChain.get(chain).add(new RestoreLine(line, Provenance.ofService(servicePort, role)));
        return true;
    }

    /** The ports claimed so far, in claim order. */
    public List<ClaimedPort> claimedPorts() {
        return List.copyOf(portMap.values());
    }

    /**
     * The rules as an {@code iptables-restore --noflush} payload: {@code *nat} with the four chains declared (which
     * also flushes them, as {@code iptablesFlush} does at start-up) and their rules chain by chain, then
     * {@code *filter} with KUBE-NODEPORT-NON-LOCAL; plus the {@code iptablesInit} jumps as built-in jumps.
     */
    public RestorePayload payload(IpFamily family) {
        return new RestorePayload(family, List.of(table("nat", PortalChains.NAT_CHAINS),
                table("filter", PortalChains.FILTER_CHAINS)), PortalChains.builtinJumps());
    }

    private RestoreTable table(String name, List<String> chains) {
        List<RestoreLine> lines = new ArrayList<>();
        for (String c : chains) {
            lines.add(RestoreLine.of(":" + c + " - [0:0]"));
        }
        for (String c : chains) {
            lines.addAll(rulesByChain.get(c));
        }
        return new RestoreTable(name, lines);
    }
}
