/**
 * How new connections spread over endpoints: {@link dev.kpsim.core.analysis.distribution.DistributionRun} sends N
 * seeded connections through any {@link dev.kpsim.core.engine.Simulator} and
 * {@link dev.kpsim.core.analysis.distribution.DistributionStatistics} compares the counts with the exact
 * probabilities of {@code outcomes}: share, 95% Wilson interval, chi-square goodness of fit (commons-math3).
 */
package dev.kpsim.core.analysis.distribution;
