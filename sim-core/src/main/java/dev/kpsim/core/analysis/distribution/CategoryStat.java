package dev.kpsim.core.analysis.distribution;

/**
 * One row of a distribution report.
 *
 * @param exactProbability the probability from exhaustive enumeration ({@code outcomes}), 0 if never predicted
 * @param observed         how many of the sampled connections ended here
 * @param share            observed / connections
 * @param lower95          lower bound of the 95% Wilson score interval of the share
 * @param upper95          upper bound of the 95% Wilson score interval of the share
 */
public record CategoryStat(Category category, double exactProbability, long observed, double share, double lower95,
                           double upper95) {

    /** True if the exact probability lies inside the 95% interval. */
    public boolean exactWithinInterval() {
        return exactProbability >= lower95 && exactProbability <= upper95;
    }
}
