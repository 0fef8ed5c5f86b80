/**
 * What happens to a connection beyond the node's netfilter rules: the pod bridge's hairpin behaviour under kubelet's
 * hairpin modes, and replies that route around the node and are never un-DNATed. {@link
 * dev.kpsim.core.engine.path.NodePathSimulator} applies both to any mode's simulator; the emulator checks them
 * against the Linux kernel.
 */
package dev.kpsim.core.engine.path;
