package dev.kpsim.emulator.experiment;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.emulator.client.ConnectionOutcome;

/**
 * One real connection of an experiment.
 *
 * @param sourcePort the client's explicit source port (the flow's identity, replayable in the simulator)
 * @param pod        the pod that answered ({@code namespace/name}), or "" if none did
 * @param seenPeer   the source address:port the answering pod saw — the client, or the node/bridge address after
 *                   masquerading, or the node for a userspace proxy; null if none answered
 * @param seenLocal  the address:port the pod was reached on (the DNAT result); null if none answered
 * @param detail     the socket error for a failed connection, else ""
 */
public record ConnectionRecord(int index, int sourcePort, ConnectionOutcome outcome, Verdict verdict, String pod,
                               HostPort seenPeer, HostPort seenLocal, long millis, String detail) {

    public boolean answered() {
        return outcome == ConnectionOutcome.ANSWERED;
    }
}
