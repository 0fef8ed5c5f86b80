package dev.kpsim.core.analysis.distribution;

/**
 * Pearson's chi-square goodness-of-fit of observed counts against the exact probabilities
 * (commons-math3 {@code ChiSquareTest}). Categories with exact probability 0 and no observations are left out; an
 * observation in a category of probability 0 makes the statistic infinite and the p-value 0. With fewer than two
 * categories of positive probability the test is degenerate: statistic 0, 0 degrees of freedom, p-value 1.
 */
public record GoodnessOfFit(double statistic, int degreesOfFreedom, double pValue) {
}
