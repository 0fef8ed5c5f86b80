/**
 * Running connections through the userspace proxier: shares, stickiness, and the hand-off of a redirected packet to
 * the proxier inside a packet simulation ({@link dev.kpsim.mode.userspace.simulate.UserspaceInterceptor} at the
 * netfilter engine's socket point, {@link dev.kpsim.mode.userspace.simulate.ProxierSession} holding the proxier's
 * state per run) (historical mode, removed in kube-proxy 1.26).
 */
package dev.kpsim.mode.userspace.simulate;
