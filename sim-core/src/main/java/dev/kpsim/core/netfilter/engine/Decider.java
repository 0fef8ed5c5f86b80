package dev.kpsim.core.netfilter.engine;

/**
 * Makes the choices a packet's walk cannot know in advance: a {@code statistic --mode random} draw and the
 * assumption about a construct kpsim does not model.
 */
interface Decider {

    /** The kernel's test {@code (prandom_u32() & 0x7FFFFFFF) < kernelValue} (before the rule's negation). */
    boolean random(long kernelValue);

    /** Whether an unmodeled match holds (or an unmodeled target lets evaluation continue). */
    boolean unknown();

    /** Probability of the choices made so far. */
    double probability();
}
