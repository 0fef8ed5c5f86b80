/**
 * kube-proxy's userspace mode — historical (removed in kube-proxy 1.26; reproduced as of 1.25 and earlier,
 * {@code pkg/proxy/userspace}). Entry point: {@link dev.kpsim.mode.userspace.UserspaceMode}. Stages: {@code generate}
 * (start-up sequence) → {@code portal} (iptables portal rules) and {@code ports} (proxy-port allocation) →
 * {@code proxier} (the userspace proxier's state: round robin, ClientIP affinity, UDP flows) → {@code simulate}
 * (connections through the proxier) and {@code render} (text formats).
 */
package dev.kpsim.mode.userspace;
