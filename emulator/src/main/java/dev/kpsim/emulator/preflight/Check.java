package dev.kpsim.emulator.preflight;

/**
 * The outcome of checking one {@link Capability}: present or not, and a sentence saying what was found (the path
 * of a tool) or exactly what is missing and how to get it.
 */
public record Check(Capability capability, boolean present, String detail) {

    public static Check present(Capability c, String detail) {
        return new Check(c, true, detail);
    }

    public static Check missing(Capability c, String detail) {
        return new Check(c, false, detail);
    }
}
