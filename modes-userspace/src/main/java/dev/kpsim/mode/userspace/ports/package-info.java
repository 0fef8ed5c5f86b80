/**
 * Proxy-port allocation of the userspace proxier: {@code --proxy-port-range} or the kernel's ephemeral range
 * (historical mode, removed in kube-proxy 1.26).
 */
package dev.kpsim.mode.userspace.ports;
