package dev.kpsim.core.netfilter.engine;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import dev.kpsim.core.netfilter.match.PortRange;
import dev.kpsim.core.netfilter.target.DnatTarget;
import dev.kpsim.core.netfilter.target.NatRange;
import dev.kpsim.core.netfilter.target.ConnmarkTarget;
import dev.kpsim.core.netfilter.target.ContinueTarget;
import dev.kpsim.core.netfilter.target.JumpTarget;
import dev.kpsim.core.netfilter.target.MarkTarget;
import dev.kpsim.core.netfilter.target.NoTarget;
import dev.kpsim.core.netfilter.target.RejectTarget;
import dev.kpsim.core.netfilter.target.StandardTarget;
import dev.kpsim.core.netfilter.target.Target;
import dev.kpsim.core.netfilter.target.UnknownTarget;
import java.util.Arrays;

/**
 * A chain's rules as one flat {@code long[]} program, so that walking a chain reads a few consecutive cache lines
 * instead of a graph of rule, match and target objects (the compiled ruleset of 10,000 services is far larger than
 * the CPU caches; the kernel's own {@code ipt_entry} blob is laid out the same way, one rule after the other).
 *
 * <p>Each rule is a header word — number of op words, target kind, jump chain — followed by its matches in
 * evaluation order, each an opcode word and its operands: addresses (net and mask), protocol, {@code tcp/udp} ports,
 * {@code statistic --mode random}, {@code mark}, conntrack/state bits, and for every other match a "slow" op that
 * hands the {@link CompiledMatch} to {@link MatchEvaluator}; then, for a DNAT to a single address, the address and
 * ports (kube-proxy's KUBE-SEP rules), and for a jump or goto the target chain's extent, so that the walk never
 * leaves the program for the common targets. Evaluation stops at the first op that fails, exactly as
 * {@link MatchEvaluator#matches} does, so statistic draws and {@code recent} updates happen in the same order.
 */
final class RuleCode {
    // Target kinds (header bits 24-31; bits 0-15 count the op words, bits 16-23 the target's operand words after
    // them, bits 32-63 hold the jump chain id or -1).
    static final int T_NAT = 0;
    static final int T_JUMP = 1;
    static final int T_GOTO = 2;
    static final int T_ACCEPT = 3;
    static final int T_DROP = 4;
    static final int T_RETURN = 5;
    static final int T_NONE = 6;
    static final int T_MARK = 7;
    static final int T_CONTINUE = 8;
    static final int T_REJECT = 9;
    static final int T_CONNMARK = 10;
    static final int T_UNKNOWN = 11;
    /** DNAT to one address (and a port or port range): operands address and ports, applied without the objects. */
    static final int T_DNAT = 12;

    // Opcodes (bits 0-7 of an op's first word); negation is bit 8.
    private static final int OP_ADDR4 = 1;
    private static final int OP_ADDR6 = 2;
    private static final int OP_PROTO = 3;
    private static final int OP_PORT = 4;
    private static final int OP_RANDOM = 5;
    private static final int OP_MARK = 6;
    private static final int OP_CTSTATE = 7;
    private static final int OP_STATE = 8;
    private static final int OP_SLOW = 9;

    private static final long NEG = 1L << 8;
    private static final long SRC = 1L << 9;
    private static final long HAS_SPORT = 1L << 10;
    private static final long HAS_DPORT = 1L << 11;
    private static final long SPORT_NEG = 1L << 12;
    private static final long DPORT_NEG = 1L << 13;

    private RuleCode() {
    }

    /** The program of a chain and the start of each rule in it (one more entry: the end). */
    record Program(long[] code, int[] start) {
    }

    static Program encode(CompiledRule[] rules) {
        long[] code = new long[16];
        int[] start = new int[rules.length + 1];
        int n = 0;
        for (int i = 0; i < rules.length; i++) {
            start[i] = n;
            CompiledRule r = rules[i];
            long[] ops = ops(r);
            long[] operands = targetOperands(r.rule.target());
            int kind = operands.length > 0 ? T_DNAT : targetKind(r.rule.target());
            if ((kind == T_JUMP || kind == T_GOTO) && r.jumpChain >= 0) {
                operands = new long[1]; // the target chain's extent, filled in by CompiledTable.linkJumps
            }
            int words = 1 + ops.length + operands.length;
            if (n + words > code.length) {
                code = Arrays.copyOf(code, Math.max(code.length * 2, n + words));
            }
            code[n++] = ops.length | ((long) operands.length << 16) | ((long) kind << 24) | ((long) r.jumpChain << 32);
            System.arraycopy(ops, 0, code, n, ops.length);
            n += ops.length;
            System.arraycopy(operands, 0, code, n, operands.length);
            n += operands.length;
        }
        start[rules.length] = n;
        return new Program(Arrays.copyOf(code, n), start);
    }

    /** Number of op words after the header (header bits 0-15). */
    static int opWords(long header) {
        return (int) (header & 0xFFFFL);
    }

    /** Number of words of a rule, header included. */
    static int ruleWords(long header) {
        return 1 + (int) (header & 0xFFFFL) + (int) ((header >>> 16) & 0xFF);
    }

    static int targetKind(long header) {
        return (int) ((header >>> 24) & 0xFF);
    }

    /** The jump or goto target chain id, or -1 (not in the ruleset, or not a jump). */
    static int jumpChain(long header) {
        return (int) (header >> 32);
    }

    /**
     * The operands of a DNAT to one address: the address ({@code IPv4} bits, or the two IPv6 words) and a word with
     * the port range and the family; empty for every other target (those are applied from the rule objects).
     */
    private static long[] targetOperands(Target t) {
        if (!(t instanceof DnatTarget d)) {
            return new long[0];
        }
        NatRange to = d.to();
        if (to.fromIp() == null || (to.toIp() != null && !to.toIp().equals(to.fromIp()))) {
            return new long[0];
        }
        long ports = (to.fromPort() & 0xFFFFL) | ((long) (to.toPort() & 0xFFFF) << 16);
        IpAddress ip = to.fromIp();
        return ip.isV4() ? new long[]{ports, ip.lo()} : new long[]{ports | (1L << 32), ip.hi(), ip.lo()};
    }

    /**
     * The operand of a jump or goto to a chain of the ruleset: the target's {@link CompiledTable#chainInfo} word, so
     * entering it reads the rule's own cache line instead of the table's chain array.
     */
    static long jumpInfo(long[] code, int rulePc, long header) {
        return code[rulePc + 1 + opWords(header)];
    }

    /** The DNAT address of a {@link #T_DNAT} rule whose operands start at {@code at}. */
    static IpAddress dnatAddress(long[] code, int at) {
        return (code[at] & (1L << 32)) == 0 ? IpAddress.v4((int) code[at + 1])
                : new IpAddress(IpFamily.IPV6, code[at + 1], code[at + 2]);
    }

    static int dnatFromPort(long[] code, int at) {
        return (int) (code[at] & 0xFFFF);
    }

    static int dnatToPort(long[] code, int at) {
        return (int) ((code[at] >>> 16) & 0xFFFF);
    }

    static int targetKind(Target t) {
        if (t instanceof JumpTarget j) {
            return j.isGoto() ? T_GOTO : T_JUMP;
        }
        if (t instanceof StandardTarget s) {
            return switch (s.kind()) {
                case ACCEPT -> T_ACCEPT;
                case DROP -> T_DROP;
                case RETURN -> T_RETURN;
            };
        }
        if (t instanceof NoTarget) {
            return T_NONE;
        }
        if (t instanceof MarkTarget) {
            return T_MARK;
        }
        if (t instanceof ContinueTarget) {
            return T_CONTINUE;
        }
        if (t instanceof RejectTarget) {
            return T_REJECT;
        }
        if (t instanceof ConnmarkTarget) {
            return T_CONNMARK;
        }
        if (t instanceof UnknownTarget) {
            return T_UNKNOWN;
        }
        return T_NAT;
    }

    private static long[] ops(CompiledRule r) {
        long[] out = new long[r.matches.length * 5];
        int n = 0;
        for (int k = 0; k < r.matches.length; k++) {
            CompiledMatch m = r.matches[k];
            long neg = m.negated ? NEG : 0;
            switch (m.kind) {
                case CompiledMatch.ADDRESS:
                    if (m.v4) {
                        out[n++] = OP_ADDR4 | neg | (m.sourceSide ? SRC : 0);
                        out[n++] = (m.netLo << 32) | m.maskLo;
                    } else {
                        out[n++] = OP_ADDR6 | neg | (m.sourceSide ? SRC : 0);
                        out[n++] = m.netHi;
                        out[n++] = m.netLo;
                        out[n++] = m.maskHi;
                        out[n++] = m.maskLo;
                    }
                    break;
                case CompiledMatch.PROTOCOL:
                    out[n++] = OP_PROTO | neg | ((long) (m.protocol & 0xFFFF) << 16) | (m.protocol < 0 ? 1L << 32 : 0);
                    break;
                case CompiledMatch.PORT:
                    if (m.uncertainOptions) {
                        out[n++] = slow(k);
                        break;
                    }
                    out[n++] = OP_PORT | ((long) (m.protocol & 0xFFFF) << 16) | (m.protocol < 0 ? 1L << 32 : 0)
                            | (m.sport != null ? HAS_SPORT : 0) | (m.dport != null ? HAS_DPORT : 0)
                            | (m.sport != null && m.sport.negated() ? SPORT_NEG : 0)
                            | (m.dport != null && m.dport.negated() ? DPORT_NEG : 0);
                    out[n++] = ports(m.sport) | (ports(m.dport) << 32);
                    break;
                case CompiledMatch.RANDOM:
                    out[n++] = OP_RANDOM | neg;
                    out[n++] = m.kernelValue;
                    break;
                case CompiledMatch.MARK:
                    if ((m.markValue >>> 32) != 0 || (m.markMask >>> 32) != 0) {
                        out[n++] = slow(k);
                        break;
                    }
                    out[n++] = OP_MARK | neg;
                    out[n++] = (m.markValue << 32) | (m.markMask & 0xFFFFFFFFL);
                    break;
                case CompiledMatch.CONNTRACK:
                    if (m.origDst == null && m.origDstPort == null && !m.uncertainOptions && m.hasStates) {
                        out[n++] = OP_CTSTATE | neg | ((long) m.stateBits << 16);
                    } else {
                        out[n++] = slow(k);
                    }
                    break;
                case CompiledMatch.STATE:
                    out[n++] = OP_STATE | neg | ((long) m.stateBits << 16);
                    break;
                default:
                    out[n++] = slow(k);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static long slow(int matchIndex) {
        return OP_SLOW | ((long) matchIndex << 16);
    }

    private static long ports(PortRange p) {
        return p == null ? 0 : (p.from() & 0xFFFFL) | ((long) (p.to() & 0xFFFF) << 16);
    }

    /**
     * Whether rule {@code i} of chain {@code chainId}, whose header is at {@code pc} in the table's program blob,
     * matches the walk's current packet, evaluating its ops in order and stopping at the first that fails (as
     * {@link MatchEvaluator#matches}).
     */
    static boolean matches(PacketWalk w, CompiledTable table, int chainId, int i, int pc) {
        long[] code = table.code;
        int end = pc + 1 + opWords(code[pc]);
        pc++;
        while (pc < end) {
            long op = code[pc];
            boolean neg = (op & NEG) != 0;
            switch ((int) (op & 0xFF)) {
                case OP_ADDR4: {
                    long v = code[pc + 1];
                    IpAddress ip = (op & SRC) != 0 ? w.src : w.dst;
                    boolean hit = ip.isV4() && (ip.lo() & (v & 0xFFFFFFFFL)) == (v >>> 32);
                    if (hit == neg) {
                        return false;
                    }
                    pc += 2;
                    break;
                }
                case OP_ADDR6: {
                    IpAddress ip = (op & SRC) != 0 ? w.src : w.dst;
                    boolean hit = !ip.isV4() && (ip.hi() & code[pc + 3]) == code[pc + 1] && (ip.lo() & code[pc + 4]) == code[pc + 2];
                    if (hit == neg) {
                        return false;
                    }
                    pc += 5;
                    break;
                }
                case OP_PROTO: {
                    int p = protocol(op);
                    if ((p == 0 || p == w.protoNumber) == neg) {
                        return false;
                    }
                    pc += 1;
                    break;
                }
                case OP_PORT: {
                    if (protocol(op) != w.protoNumber || !w.hasPorts) {
                        return false;
                    }
                    long v = code[pc + 1];
                    if ((op & HAS_SPORT) != 0 && inRange(w.sport, v) == ((op & SPORT_NEG) != 0)) {
                        return false;
                    }
                    if ((op & HAS_DPORT) != 0 && inRange(w.dport, v >>> 32) == ((op & DPORT_NEG) != 0)) {
                        return false;
                    }
                    pc += 2;
                    break;
                }
                case OP_RANDOM: {
                    if (!MatchEvaluator.random(w, code[pc + 1], neg, w.steps == null ? null : table.chains[chainId].rules[i])) {
                        return false;
                    }
                    pc += 2;
                    break;
                }
                case OP_MARK: {
                    long v = code[pc + 1];
                    if ((((w.mark & 0xFFFFFFFFL) & (v & 0xFFFFFFFFL)) == (v >>> 32)) == neg) {
                        return false;
                    }
                    pc += 2;
                    break;
                }
                case OP_CTSTATE: {
                    int bits = (int) ((op >>> 16) & 0xFF);
                    if (((bits & w.ctBits()) != 0) == neg) {
                        return false;
                    }
                    pc += 1;
                    break;
                }
                case OP_STATE: {
                    int bits = (int) ((op >>> 16) & 0xFF);
                    int state = w.ctAttached ? w.ctStateBit : CompiledMatch.CT_INVALID;
                    if (((bits & state) != 0) == neg) {
                        return false;
                    }
                    pc += 1;
                    break;
                }
                default: {
                    CompiledRule r = table.chains[chainId].rules[i];
                    if (!MatchEvaluator.eval(w, r.matches[(int) (op >>> 16)], r)) {
                        return false;
                    }
                    pc += 1;
                }
            }
        }
        return true;
    }

    /** The protocol number of an op: -1 for a name iptables knows but kpsim does not. */
    private static int protocol(long op) {
        return (op & (1L << 32)) != 0 ? -1 : (int) ((op >>> 16) & 0xFFFF);
    }

    private static boolean inRange(int port, long range) {
        return port >= (range & 0xFFFF) && port <= ((range >>> 16) & 0xFFFF);
    }
}
