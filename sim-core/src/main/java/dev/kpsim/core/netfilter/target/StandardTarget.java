package dev.kpsim.core.netfilter.target;

/** {@code ACCEPT}, {@code DROP} or {@code RETURN}. */
public record StandardTarget(Kind kind) implements Target {
    public enum Kind { ACCEPT, DROP, RETURN }

    public static final StandardTarget ACCEPT = new StandardTarget(Kind.ACCEPT);
    public static final StandardTarget DROP = new StandardTarget(Kind.DROP);
    public static final StandardTarget RETURN = new StandardTarget(Kind.RETURN);
}
