package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;

/**
 * One way a connection from a client to a frontend ends, with its exact probability: an endpoint (the pod, if known),
 * the node itself, the packet leaving untranslated, or a drop / reject by a named rule.
 *
 * @param destination where the packet goes (after DNAT); null when dropped or rejected before translation
 * @param pod         the endpoint's pod ({@code namespace/name}) if the destination is a known pod
 * @param podNode     that pod's node
 * @param masquerade  whether the connection leaves source-NATed (the endpoint sees {@code source}, not the client)
 * @param source      the source the destination sees (the masquerade address, else the client's own)
 * @param viaNode     when the first node passed the packet on untranslated to another node's address, that node (whose
 *                    rules then decided); else null
 * @param decidedBy   for DROP and REJECT, the deciding rule ({@code filter:KUBE-EXTERNAL-SERVICES rule 1}); else null
 * @param role        the deciding rule's role key (provenance or inferred), if known
 * @param uncertain   the path crossed a construct kpsim does not model
 * @param hairpin     the client reached itself (the endpoint is the client pod)
 * @param replyBypass for an endpoint share, the node that translated the connection when the endpoint's reply would
 *                    not pass back through it (not masqueraded, endpoint elsewhere, client not behind that node): the
 *                    client receives an answer from the endpoint's own address and the connection fails; else null
 */
public record ReachShare(double probability, Fate fate, HostPort destination, String pod, String podNode,
                         boolean masquerade, IpAddress source, String viaNode, String decidedBy, String role,
                         boolean uncertain, boolean hairpin, String replyBypass) {

    /** How a share ends. */
    public enum Fate {
        /** DNAT to an endpoint (or a proxy's connection to one). */
        ENDPOINT,
        /** Accepted for the node itself, untranslated (a health-check port, a node address without a rule). */
        NODE,
        /** No rule translated it: it leaves the node with its original destination. */
        PASS,
        /** Silently dropped: the client times out. */
        DROP,
        /** Rejected: the client gets an ICMP error or a TCP reset at once. */
        REJECT
    }

    public ReachShare withProbability(double p) {
        return new ReachShare(p, fate, destination, pod, podNode, masquerade, source, viaNode, decidedBy, role, uncertain,
                hairpin, replyBypass);
    }
}
