package dev.kpsim.core.netfilter.target;

/** {@code -j REJECT [--reject-with TYPE]}; {@code rejectWith} is null when not given (icmp-port-unreachable). */
public record RejectTarget(String rejectWith) implements Target {
}
