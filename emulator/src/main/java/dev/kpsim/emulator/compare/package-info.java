/**
 * Kernel beside simulator: {@link dev.kpsim.emulator.compare.Agreement} loads what a mode generated into the node
 * under test, tries every {@link dev.kpsim.emulator.compare.Frontend} from every {@link dev.kpsim.emulator.compare.Client}
 * kind, and compares each cell's real connections with the simulator's exact predictions for the same flows
 * ({@link dev.kpsim.emulator.compare.Predictor}, with the session's {@link dev.kpsim.emulator.compare.History} for
 * ClientIP affinity): where they ended, a chi-square test, the source the pods saw, and the iptables rule counters.
 * The historical userspace mode is compared connection by connection ({@link dev.kpsim.emulator.compare.UserspaceReplay}).
 */
package dev.kpsim.emulator.compare;
