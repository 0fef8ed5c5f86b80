package dev.kpsim.core.analysis.hairpin;

/**
 * What the kernel does with one kind of connection under one bridge setting, with the reason and the evidence.
 *
 * @param observed true when kpsim's kernel emulation observed it (reference/hairpin.md §5, the emulator's HairpinIT);
 *                 false when it is derived from the kernel's source without an observation
 */
public record KernelVerdict(Result result, String reason, String evidence, boolean observed) {

    /** Whether such connections are answered. */
    public enum Result {
        WORKS, FAILS, UNVERIFIED
    }
}
