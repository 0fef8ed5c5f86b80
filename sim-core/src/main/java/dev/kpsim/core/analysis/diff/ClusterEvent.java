package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.diag.SourceLocation;

/**
 * Something that happens to a cluster between two moments of a what-if: an endpoint starts terminating or stops being
 * ready, a Service is scaled, a node loses its local endpoints, time passes (an affinity timeout, a plain wait).
 * Replayed by {@link EventReplay} with the node's conntrack and affinity state kept. Each event knows where it was
 * written, for error messages.
 */
public sealed interface ClusterEvent {

    SourceLocation location();

    /** One line saying what happens. */
    String describe();

    /**
     * The pod (namespace/name, or name in the default namespace) or endpoint IP {@code target} starts terminating:
     * its endpoints become ready=false, serving=true, terminating=true (the EndpointSlice controller's view of a pod
     * with a deletion timestamp that still passes its readiness probe).
     */
    record EndpointTerminating(String target, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "endpoint " + target + " becomes terminating";
        }
    }

    /** The pod or endpoint IP {@code target} fails its readiness probe: ready=false, serving=false. */
    record EndpointNotReady(String target, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "endpoint " + target + " becomes not ready";
        }
    }

    /**
     * Service {@code service} (namespace/name) is scaled to {@code replicas} pods: the last endpoints (in kube-proxy's
     * order) go away, or new pods are added on the nodes in turn with the next free addresses of their pod CIDRs.
     */
    record Scale(String service, int replicas, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "scale " + service + " to " + replicas;
        }
    }

    /** Every endpoint of {@code service} on {@code node} goes away (the node loses its last local endpoint). */
    record LocalEndpointsLost(String service, String node, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "node " + node + " loses its endpoints of " + service;
        }
    }

    /** The ClientIP affinity timeout of {@code service} passes (the clock advances by it plus one second). */
    record AffinityTimeoutPasses(String service, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "the affinity timeout of " + service + " passes";
        }
    }

    /** Time passes. */
    record Wait(long millis, SourceLocation location) implements ClusterEvent {
        @Override
        public String describe() {
            return "wait " + (millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms");
        }
    }
}
