package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link PacketInterceptor} did with a packet. The steps are added to the trace as given (an
 * {@link Step.UncertainStep} among them makes the outcome uncertain); header changes are applied by the walk.
 */
public sealed interface Interception {

    /** Nothing happened: the packet goes on as before. */
    Interception PASS = new Pass();

    /** The steps to record in the trace. */
    List<Step> steps();

    /** The packet is left alone. */
    record Pass() implements Interception {
        @Override
        public List<Step> steps() {
            return List.of();
        }
    }

    /**
     * The headers change and the packet goes on from this point on the same path ({@code NF_ACCEPT} after
     * rewriting): IPVS un-NATing a reply, or IPVS sending a request to a real server that is the node itself.
     * The change is not nf_nat's: conntrack gets no {@code IPS_DST_NAT}/{@code IPS_SRC_NAT} status for it, though
     * the reply tuple follows the new headers (with {@code net.ipv4.vs.conntrack=1}, {@code ip_vs_update_conntrack}).
     */
    record Rewrite(Packet headers, List<Step> steps) implements Interception {
        public Rewrite {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The packet is taken ({@code NF_STOLEN}) and sent out again from {@code NF_INET_LOCAL_OUT} with new headers:
     * every OUTPUT table and then POSTROUTING see it, with its connection still attached and the nat table's
     * destination stage already done — IPVS's masquerading forwarding ({@code ip_vs_nat_xmit},
     * {@code ip_vs_nat_send_or_cont}). Conntrack treats the change like a {@link Rewrite}.
     */
    record Reinject(Packet headers, List<Step> steps) implements Interception {
        public Reinject {
            steps = List.copyOf(steps);
        }
    }

    /** The packet ends here: dropped, or rejected with an ICMP error (IPVS with no destination available). */
    record End(Verdict verdict, List<Step> steps) implements Interception {
        public End {
            steps = List.copyOf(steps);
            if (verdict == Verdict.ACCEPT) {
                throw new IllegalArgumentException("an ending interception drops or rejects");
            }
        }
    }

    /**
     * A listening socket accepted the packet (only at {@link PacketInterceptor.Point#SOCKET}) and the process behind
     * it opens a new connection of its own, whose first packet {@code newConnection} enters the node at OUTPUT:
     * kube-proxy's userspace proxier. The outcome is then the new connection's, source address and all. Without a
     * new connection the outcome ends with {@code withoutConnection} at the socket (the proxier closed it).
     */
    record Handoff(List<Step> steps, Optional<Packet> newConnection, Verdict withoutConnection) implements Interception {
        public Handoff {
            steps = List.copyOf(steps);
        }
    }
}
