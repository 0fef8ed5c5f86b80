package dev.kpsim.emulator.compare;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.emulator.client.ConnectionOutcome;
import dev.kpsim.emulator.experiment.ConnectionRecord;
import dev.kpsim.emulator.topology.NodeNet;
import dev.kpsim.emulator.topology.PodNet;
import dev.kpsim.emulator.topology.TopologyPlan;
import java.util.Optional;

/**
 * Names where one connection ended, the same way for the kernel and for the simulator, so the two can be counted
 * side by side: the answering pod ({@code namespace/name}), {@code DROP} (no answer: the client timed out),
 * {@code REJECT} (refused: a TCP reset or ICMP error, or a proxy that closed the connection), or {@code ERROR} (the
 * client could not even try).
 *
 * <p>A simulated outcome is mapped through what the emulated network has at its destination: {@code ACCEPT} to a
 * pod's address on a port its responder serves is that pod; to a pod's address on another port, to a node's
 * address, or to loopback, nothing listens and the kernel answers with a reset ({@code REJECT}); to any other
 * address the packet leaves for the silent upstream and the client times out ({@code DROP}).
 */
public final class Categories {

    public static final String DROP = "DROP";
    public static final String REJECT = "REJECT";
    public static final String ERROR = "ERROR";

    private final TopologyPlan plan;
    private final Protocol protocol;

    public Categories(TopologyPlan plan, Protocol protocol) {
        this.plan = plan;
        this.protocol = protocol;
    }

    /** True if {@code label} names a pod (not DROP, REJECT or ERROR). */
    public static boolean isPod(String label) {
        return !label.equals(DROP) && !label.equals(REJECT) && !label.equals(ERROR);
    }

    /** Where a real connection ended. */
    public String of(ConnectionRecord r) {
        if (r.outcome() == ConnectionOutcome.ANSWERED) {
            return r.pod();
        }
        return switch (r.verdict()) {
            case DROP -> DROP;
            case REJECT -> REJECT;
            default -> ERROR;
        };
    }

    /** Where a simulated connection ends. */
    public String of(Outcome o) {
        return switch (o.verdict()) {
            case DROP -> DROP;
            case REJECT -> REJECT;
            case ACCEPT -> delivered(o.destination());
        };
    }

    /** What answers a connection delivered to {@code to}. */
    public String delivered(HostPort to) {
        if (to == null) {
            return DROP;
        }
        IpAddress ip = to.ip();
        Optional<PodNet> pod = plan.podByIp(ip);
        if (pod.isPresent()) {
            boolean serves = protocol == Protocol.UDP ? pod.get().udpPorts().contains(to.port()) : pod.get().tcpPorts().contains(to.port());
            return serves ? pod.get().key() : REJECT;
        }
        if (ip.isLoopback()) {
            return REJECT;
        }
        for (NodeNet n : plan.nodes()) {
            if (n.addresses().contains(ip) || n.gateways().stream().anyMatch(g -> g.ip().equals(ip))) {
                return hostNetworkPod(n, to).orElse(REJECT);
            }
        }
        return DROP;
    }

    /** A host-network pod of node {@code n} answering on {@code to}'s port, if any. */
    private Optional<String> hostNetworkPod(NodeNet n, HostPort to) {
        return plan.podsOn(n.name()).stream().filter(PodNet::hostNetwork)
                .filter(p -> protocol == Protocol.UDP ? p.udpPorts().contains(to.port()) : p.tcpPorts().contains(to.port()))
                .map(PodNet::key).findFirst();
    }
}
