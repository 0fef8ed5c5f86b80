package dev.kpsim.mode.nftables.ast;

import dev.kpsim.mode.nftables.model.Verdict;
import java.util.List;

/**
 * An nftables expression ({@code nft(8)} "EXPRESSIONS"), as far as kube-proxy and common CNIs use them: packet
 * fields (payload, meta, ct, fib, numgen), concatenations, literals, set and map references and literals, binary
 * operations on marks, and verdicts as map values. Literals keep the text they were written with; their meaning
 * depends on the field they are compared with and is resolved by the engine and the printer.
 */
public sealed interface Expr {

    /** {@code ip daddr}, {@code ip6 saddr}, {@code th dport}, {@code tcp dport}, {@code ip protocol}, ... */
    record Payload(String protocol, String field) implements Expr {
    }

    /**
     * {@code meta mark}, {@code meta l4proto}, {@code iifname}, ... {@code qualified} records whether {@code meta} was
     * written (kube-proxy writes bare {@code mark}; nft prints {@code meta mark}).
     */
    record Meta(String key, boolean qualified) implements Expr {
    }

    /** {@code ct state}, {@code ct status}, {@code ct mark}, ... */
    record Ct(String key) implements Expr {
    }

    /** {@code fib daddr type}, {@code fib saddr . iif oif}: the lookup inputs and the result asked for. */
    record Fib(List<String> inputs, String result) implements Expr {
        public Fib {
            inputs = List.copyOf(inputs);
        }
    }

    /** {@code numgen random mod N} (or {@code inc}), with an optional {@code offset}. */
    record Numgen(String mode, int modulus, int offset) implements Expr {
    }

    /** {@code a . b . c}. */
    record Concat(List<Expr> parts) implements Expr {
        public Concat {
            parts = List.copyOf(parts);
        }
    }

    /** A constant as written: an address, prefix, range, number, symbol, or quoted string (quotes kept). */
    record Literal(String text) implements Expr {
    }

    /** A comma-separated flag list such as {@code established,related} (bitmask types). */
    record FlagList(List<String> flags) implements Expr {
        public FlagList {
            flags = List.copyOf(flags);
        }
    }

    /** {@code @name}: a named set or map. */
    record SetRef(String name) implements Expr {
    }

    /** An anonymous set {@code { a, b }}. */
    record SetLiteral(List<Expr> elements) implements Expr {
        public SetLiteral {
            elements = List.copyOf(elements);
        }
    }

    /** One {@code key : value} of an anonymous map. */
    record MapEntry(Expr key, Expr value) {
    }

    /** An anonymous map {@code { 0 : goto a, 1 : goto b }}. */
    record MapLiteral(List<MapEntry> entries) implements Expr {
        public MapLiteral {
            entries = List.copyOf(entries);
        }
    }

    /** {@code left OP right} with OP one of {@code &}, {@code |}, {@code ^} (written {@code and}/{@code or}/{@code xor} too). */
    record Binop(String op, Expr left, Expr right) implements Expr {
    }

    /** {@code key map MAP}: a data-map lookup, as in {@code dnat ip addr . port to numgen random mod 2 map { … }}. */
    record MapLookup(Expr key, Expr map) implements Expr {
    }

    /** A verdict used as a map value. */
    record VerdictValue(Verdict verdict) implements Expr {
    }
}
