package dev.kpsim.core.netfilter.restore;

/**
 * A chain kube-proxy creates outside its restore payload ({@code iptables -N} through {@code EnsureChain}): the
 * targets of its built-in-chain jumps and the {@code KUBE-PROXY-CANARY} chains of {@code ipt.Monitor}. A node's
 * {@code iptables-save} lists them even when the payload does not declare them (for example KUBE-FIREWALL in
 * ip6tables, or the canary in the mangle table).
 */
public record EnsuredChain(String table, String chain) {
}
