package dev.kpsim.core.netfilter.engine;

import java.util.Set;

/**
 * A kernel subsystem or a local socket that can take a packet over at a fixed point of its path through the node,
 * the extension point through which IPVS and kube-proxy's historical userspace proxier join the netfilter walk.
 *
 * <p>The points are the places Linux offers: IPVS registers netfilter hooks at {@code NF_INET_LOCAL_IN} between
 * filter and nat ({@code ip_vs_reply4} at {@code NF_IP_PRI_NAT_SRC - 2}, {@code ip_vs_remote_request4} at
 * {@code NF_IP_PRI_NAT_SRC - 1}), at {@code NF_INET_LOCAL_OUT} between nat and filter ({@code ip_vs_local_reply4} at
 * {@code NF_IP_PRI_NAT_DST + 1}, {@code ip_vs_local_request4} at {@code + 2}) and at {@code NF_INET_FORWARD} after
 * filter ({@code ip_vs_reply4} at priority 100) ({@code net/netfilter/ipvs/ip_vs_core.c}, {@code ip_vs_ops4}); a
 * listening socket receives what survives every {@code NF_INET_LOCAL_IN} hook ({@code ip_local_deliver_finish}).
 *
 * <p>The walk consults an interceptor only at the points it {@link #points() asks for}; a simulator without one
 * pays a single null check per point. Once an interceptor has changed a packet ({@link Interception.Rewrite},
 * {@link Interception.Reinject}) the walk consults none again at the netfilter points for that packet, as IPVS marks
 * the packets it handled ({@code skb->ipvs_property}) and skips them in all its hooks; the socket point still sees
 * it.
 *
 * <p>Implementations are immutable over their configuration and keep what changes (schedulers' positions,
 * connection tables, a proxier's round robin) in the run's {@link dev.kpsim.core.engine.SimulationState} through
 * {@link InterceptContext#state()}. When {@link InterceptContext#commit()} is false (exploring every outcome) they must
 * decide exactly as they would for a seeded trace but leave that state unchanged. Their decisions must be
 * deterministic given the state: the walk has no way to branch on them.
 */
public interface PacketInterceptor {

    /** Where along the packet's path an interceptor is consulted, in the kernel's terms. */
    enum Point {
        /**
         * {@code NF_INET_LOCAL_IN} after mangle, filter and security INPUT and before nat INPUT: where IPVS handles
         * replies ({@code NF_IP_PRI_NAT_SRC - 2}) and schedules requests from other hosts and pods
         * ({@code NF_IP_PRI_NAT_SRC - 1}).
         */
        LOCAL_IN,
        /**
         * {@code NF_INET_LOCAL_OUT} after raw, mangle and nat OUTPUT and before filter OUTPUT: where IPVS handles
         * replies of local real servers ({@code NF_IP_PRI_NAT_DST + 1}) and schedules requests of local processes
         * ({@code NF_IP_PRI_NAT_DST + 2}).
         */
        LOCAL_OUT,
        /** {@code NF_INET_FORWARD} after mangle, filter and security: where IPVS un-NATs replies it forwards. */
        FORWARD,
        /**
         * After every {@code NF_INET_LOCAL_IN} hook, nat INPUT included: the packet reaches the node's sockets and a
         * listening one may accept it ({@code ip_local_deliver_finish}).
         */
        SOCKET
    }

    /** The points this interceptor wants to be consulted at; the walk skips the others. */
    Set<Point> points();

    /**
     * What happens to the packet at {@code point}. Called once per traversal of the point by one packet.
     *
     * @return {@link Interception#PASS} to leave it alone
     */
    Interception intercept(Point point, InterceptContext context);
}
