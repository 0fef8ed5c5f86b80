/**
 * The userspace proxier's iptables portal rules: KUBE-PORTALS-CONTAINER/-HOST, KUBE-NODEPORT-CONTAINER/-HOST and
 * KUBE-NODEPORT-NON-LOCAL (historical mode, removed in kube-proxy 1.26).
 */
package dev.kpsim.mode.userspace.portal;
