package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.netfilter.match.Side;
import dev.kpsim.core.packet.Packet;
import java.util.List;

/**
 * What {@code -m set --match-set NAME dir[,dir…]} asks: is the key built from the packet's fields in the ipset
 * {@code NAME}? The caller owns the sets (IPVS mode's {@code KUBE-CLUSTER-IP}, {@code KUBE-LOOP-BACK}, ...) and
 * knows their types; {@code directions} says, per set dimension, whether to take the packet's source or destination
 * address/port, as the kernel's {@code ip_set_get_ip_port} family does ({@code net/netfilter/ipset/}).
 * An unknown set makes the rule uncertain (both branches explored).
 */
@FunctionalInterface
public interface IpsetLookup {

    /** A lookup that knows no sets: every {@code -m set} match is uncertain. */
    IpsetLookup NONE = (set, dirs, p) -> IpsetMembership.UNKNOWN_SET;

    IpsetMembership test(String setName, List<Side> directions, Packet packet);
}
