/**
 * Running connections through the userspace proxier: shares, stickiness, and the hand-off of a redirected packet to
 * the proxier inside a packet simulation (historical mode, removed in kube-proxy 1.26).
 */
package dev.kpsim.mode.userspace.simulate;
