package dev.kpsim.core.trace;

/**
 * Where a packet enters the node's netfilter: {@code PREROUTING} when it arrives from a pod or from outside the
 * node, {@code OUTPUT} when a process on the node sends it.
 */
public enum EntryPoint {
    PREROUTING, OUTPUT
}
