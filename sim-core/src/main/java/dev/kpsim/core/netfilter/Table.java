package dev.kpsim.core.netfilter;

import java.util.List;
import java.util.Optional;

/**
 * One netfilter table ({@code raw}, {@code mangle}, {@code nat}, {@code filter}, {@code security}) with its
 * chains in the order they were declared.
 */
public record Table(String name, List<Chain> chains) {
    public Table {
        chains = List.copyOf(chains);
    }

    public Optional<Chain> chain(String chainName) {
        return chains.stream().filter(c -> c.name().equals(chainName)).findFirst();
    }

    /** The built-in chains each table has in the kernel, in the order {@code iptables-save} lists them. */
    public static List<String> builtinChains(String table) {
        return switch (table) {
            case "raw" -> List.of("PREROUTING", "OUTPUT");
            case "mangle" -> List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING");
            case "nat" -> List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
            case "filter" -> List.of("INPUT", "FORWARD", "OUTPUT");
            case "security" -> List.of("INPUT", "FORWARD", "OUTPUT");
            default -> List.of();
        };
    }
}
