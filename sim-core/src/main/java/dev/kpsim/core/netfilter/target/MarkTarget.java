package dev.kpsim.core.netfilter.target;

/**
 * {@code -j MARK}: every form reduces to the kernel's {@code mark = (mark & ~mask) ^ value}
 * ({@code xt_MARK}): {@code --set-xmark V/M} as is; {@code --set-mark V/M} = xmark V/(M|V); {@code --or-mark V} =
 * V/V; {@code --xor-mark V} = V/0; {@code --and-mark V} = 0/~V. {@code op} remembers how it was written, and
 * {@code writtenValue} the exact text after the option (for byte-exact reprinting).
 */
public record MarkTarget(Op op, long value, long mask, String writtenValue) implements Target {
    public enum Op { SET_XMARK, SET_MARK, OR_MARK, XOR_MARK, AND_MARK }

    /** The kernel's (value, mask) pair for {@code mark = (mark & ~mask) ^ value}. */
    public long xmarkValue() {
        return switch (op) {
            case SET_XMARK -> value;
            case SET_MARK -> value;
            case OR_MARK -> value;
            case XOR_MARK -> value;
            case AND_MARK -> 0;
        };
    }

    /** The kernel's mask for {@code mark = (mark & ~mask) ^ value}. */
    public long xmarkMask() {
        return switch (op) {
            case SET_XMARK -> mask;
            case SET_MARK -> (mask | value) & 0xFFFFFFFFL;
            case OR_MARK -> value;
            case XOR_MARK -> 0;
            case AND_MARK -> (~value) & 0xFFFFFFFFL;
        };
    }

    /** Applies the target to a packet mark. */
    public int apply(int mark) {
        long m = mark & 0xFFFFFFFFL;
        return (int) (((m & ~xmarkMask()) ^ xmarkValue()) & 0xFFFFFFFFL);
    }
}
