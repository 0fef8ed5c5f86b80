package dev.kpsim.core.netfilter.match;

/**
 * {@code -m mark [!] --mark VALUE[/MASK]}: matches when {@code (skb->mark & mask) == value}. {@code mask} is
 * {@code 0xffffffff} when not written.
 */
public record MarkMatch(long value, long mask, boolean negated) implements Match {
    public static final long FULL_MASK = 0xFFFFFFFFL;

    public boolean test(int mark) {
        return (((mark & 0xFFFFFFFFL) & mask) == value) != negated;
    }
}
