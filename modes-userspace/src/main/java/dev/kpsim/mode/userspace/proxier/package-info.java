/**
 * The userspace proxier's own state as immutable values advanced per connection: LoadBalancerRR (round robin,
 * ClientIP affinity), proxy sockets, UDP flows, log lines (historical mode, removed in kube-proxy 1.26).
 */
package dev.kpsim.mode.userspace.proxier;
