package dev.kpsim.mode.nftables.ast;

import dev.kpsim.mode.nftables.model.Verdict;
import java.util.List;

/**
 * One statement of an nftables rule ({@code nft(8)} "STATEMENTS"). A rule's statements run left to right; a match
 * that fails ends the rule. Statements kpsim does not model are kept verbatim as {@link Unknown} and evaluated
 * conservatively (both outcomes, marked uncertain).
 */
public sealed interface Stmt {

    /**
     * A relational match {@code left [op] right}. {@code op} is {@code ""} when no operator was written (an
     * implicit match: equality, prefix or set membership, or "any of these flags"), else {@code ==}, {@code !=},
     * {@code <}, {@code >}, {@code <=}, {@code >=}.
     */
    record Match(Expr left, String op, Expr right) implements Stmt {
    }

    /** {@code key vmap MAP}: look the key up in a verdict map and apply the verdict found (no match: continue). */
    record Vmap(Expr key, Expr map) implements Stmt {
    }

    /** {@code accept}, {@code drop}, {@code jump X}, {@code goto X}, {@code return}, {@code continue}. */
    record VerdictStmt(Verdict verdict) implements Stmt {
    }

    /** {@code counter [packets N bytes M]}; the numbers are null when not written. */
    record Counter(Long packets, Long bytes) implements Stmt {
    }

    /** {@code reject [with …]}: a terminal verdict answering with an ICMP error or TCP reset. */
    record Reject(String options) implements Stmt {
    }

    /** {@code meta mark set EXPR}, {@code mark set mark or 0x4000}, {@code ct mark set …}. */
    record SetValue(Expr target, Expr value) implements Stmt {
    }

    /** The kind of a NAT statement. */
    enum NatKind {
        DNAT, SNAT, MASQUERADE, REDIRECT;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code dnat to ADDR[:PORT]}, {@code dnat ip addr . port to EXPR map {…}}, {@code snat to …},
     * {@code masquerade [to :PORT] [fully-random]}, {@code redirect to :PORT}.
     *
     * @param addressFamily {@code ip}/{@code ip6} when written before {@code addr . port} or {@code to}, else null
     * @param addrPort      true for the {@code addr . port} form (a map lookup yielding address and port)
     * @param address       the address expression (a literal, or a map lookup), null when none
     * @param port          the port text, null when none
     * @param flags         {@code fully-random}, {@code random}, {@code persistent}
     */
    record Nat(NatKind kind, String addressFamily, boolean addrPort, Expr address, String port, List<String> flags)
            implements Stmt {
        public Nat {
            flags = List.copyOf(flags);
        }
    }

    /** {@code update @set { KEY }} / {@code add @set { KEY }}: adds the key to a dynamic set (refreshing its timeout). */
    record Dynset(String op, String set, Expr key, String options) implements Stmt {
    }

    /** {@code log …}: no effect on the packet. */
    record Log(String text) implements Stmt {
    }

    /** A statement kpsim does not model, kept as written. */
    record Unknown(String text) implements Stmt {
    }
}
