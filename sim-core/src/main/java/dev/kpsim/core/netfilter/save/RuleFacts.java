package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.net.IpFamily;

/**
 * What an extension needs to know about the rule around it: the table, the family and the {@code -p} protocol
 * (number, or -1 when no {@code -p} was given). Ports in NAT targets and the tcp/udp/multiport matches depend on it.
 */
record RuleFacts(String table, IpFamily family, int protocol, boolean protocolNegated) {
    boolean hasPortProtocol() {
        return !protocolNegated && (protocol == Protocols.TCP || protocol == Protocols.UDP || protocol == Protocols.SCTP
                || protocol == Protocols.DCCP || protocol == Protocols.UDPLITE);
    }
}
