package dev.kpsim.mode.nftables.engine;

/** Thrown while evaluating a construct kpsim parses but does not model (an unmodelled field or statement). */
final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String what) {
        super(what, null, false, false);
    }
}
