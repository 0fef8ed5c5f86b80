package dev.kpsim.core.netfilter.match;

/** {@code [!] -p PROTO} with the protocol as written ({@code tcp}, {@code udp}, {@code sctp}, {@code icmp}, a number, {@code all}). */
public record ProtocolMatch(String protocol, boolean negated) implements Match {
}
