package dev.kpsim.emulator.experiment;

/** One complete experiment: the world to build ({@link EmulationSetup}) and the connections to make in it ({@link Traffic}). */
public record EmulationRequest(EmulationSetup setup, Traffic traffic) {
}
