/**
 * The emulator: runs a data plane kpsim generated (or read from a real node) in the real Linux kernel, inside
 * network namespaces it creates, and sends real TCP/UDP traffic through it. It is the Kubernetes "Debug
 * Services" experiment ({@code curl 10.0.1.175:80} answered by {@code hostnames-…} pods) made reproducible, and the
 * check of the simulator against the kernel.
 *
 * <p>Entry points: {@link dev.kpsim.emulator.compare.Agreement#run} for {@code kpsim emulate} (every frontend from
 * every client, the hairpin experiment, kernel beside simulator); {@link dev.kpsim.emulator.experiment.Experiment#run}
 * for one experiment; {@link dev.kpsim.emulator.experiment.EmulationSession} for several on one topology;
 * {@link dev.kpsim.emulator.preflight.PreflightProbe} to learn what the machine lacks; and
 * {@link dev.kpsim.emulator.host.LeftoverCleanup} for namespaces a killed run left behind.
 *
 * <p>The packages {@code responder}, {@code client} and {@code userspace} hold programs that run inside the
 * namespaces as separate JVMs: the responder and the client use the JDK only, the userspace proxy also sim-core and
 * modes-userspace (it picks endpoints with the simulator's own {@code LoadBalancerRR}).
 */
package dev.kpsim.emulator;
