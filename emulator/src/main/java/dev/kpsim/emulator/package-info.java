/**
 * The emulator: runs a data plane kpsim generated (or read from a real node) in the real Linux kernel, inside
 * network namespaces it creates, and sends real TCP/UDP traffic through it. It is the Kubernetes "Debug
 * Services" experiment ({@code curl 10.0.1.175:80} answered by {@code hostnames-…} pods) made reproducible.
 *
 * <p>Entry points: {@link dev.kpsim.emulator.experiment.Experiment#run} for one experiment,
 * {@link dev.kpsim.emulator.experiment.EmulationSession} for several on one topology,
 * {@link dev.kpsim.emulator.preflight.PreflightProbe} to learn what the machine lacks, and
 * {@link dev.kpsim.emulator.host.LeftoverCleanup} for namespaces a killed run left behind.
 *
 * <p>The packages {@code responder}, {@code client} and {@code userspace} hold programs that run inside the
 * namespaces as separate JVMs; they use the JDK only, so they start from this module's classes alone.
 */
package dev.kpsim.emulator;
