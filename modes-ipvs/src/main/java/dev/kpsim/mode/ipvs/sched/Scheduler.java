package dev.kpsim.mode.ipvs.sched;

import java.util.List;
import java.util.Optional;

/**
 * One IPVS scheduling module ({@code struct ip_vs_scheduler}, {@code net/netfilter/ipvs/ip_vs_*.c}): its per-service
 * state and the kernel's hooks. The destination list passed in is the kernel's list, head first. An instance belongs
 * to one {@link ServiceState} (one virtual service) and is mutable like the kernel's {@code sched_data}.
 */
public interface Scheduler {

    /** The module name: {@code rr}, {@code wrr}, {@code lc}, {@code wlc}, {@code sed}, {@code nq}, {@code sh}, {@code dh}, {@code mh}. */
    String name();

    /** {@code init_service}: called once with the service's (usually empty) destination list. */
    default void init(List<Destination> dests) {
    }

    /** {@code add_dest}: {@code d} was just inserted at the head. */
    default void added(List<Destination> dests, Destination d) {
    }

    /** {@code del_dest}: {@code d} was just unlinked from position {@code formerIndex}. */
    default void deleted(List<Destination> dests, Destination d, int formerIndex) {
    }

    /** {@code upd_dest}: {@code d}'s weight or flags changed. */
    default void updated(List<Destination> dests, Destination d) {
    }

    /** {@code schedule}: the destination for a new connection, or empty ("no destination available"). */
    Optional<Destination> schedule(List<Destination> dests, ScheduleRequest request);

    /**
     * What {@link #schedule} changes in the scheduler's own state (rr's cursor, wrr's cursor and current weight), so
     * that a look at the next choice can be undone with {@link #rollback}; null for schedulers whose choice changes
     * nothing (lc, wlc, sed, nq, sh, dh, mh).
     */
    default Object checkpoint() {
        return null;
    }

    /** Restores what {@link #checkpoint} saved. */
    default void rollback(Object checkpoint) {
    }
}
