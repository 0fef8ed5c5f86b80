package dev.kpsim.core.analysis.check;

import dev.kpsim.core.net.Protocol;

/**
 * A packet-flow test case as kube-proxy's own unit tests write them ({@code packetFlowTest} in
 * {@code pkg/proxy/iptables/proxier_test.go} and {@code pkg/proxy/nftables/proxier_test.go}): a new connection from
 * {@code sourceIp} to {@code destIp:destPort}, the expected {@code output} — the endpoints reached joined by
 * {@code ", "} in rule order (e.g. {@code "10.180.0.1:80, 10.180.2.1:80"}), or {@code DROP}, {@code REJECT},
 * {@code ACCEPT}, or {@code ""} when no rule translates it — and whether it is masqueraded.
 */
public record KubeProxyFlow(String name, String sourceIp, Protocol protocol, String destIp, int destPort, String output,
                            boolean masq) {
}
