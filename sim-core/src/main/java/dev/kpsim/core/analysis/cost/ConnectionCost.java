package dev.kpsim.core.analysis.cost;

/**
 * What the kernel does for the first packet of a new connection to a service: rules evaluated (a rule the kernel
 * looks at, matching or not) and hash lookups (ipset, IPVS service table, nftables map). In iptables mode the rules
 * grow with the number of services (KUBE-SERVICES is walked linearly); IPVS and nftables put the services into hash
 * tables, so both numbers stay flat.
 *
 * @param mode              the proxy mode
 * @param servicesMeasured  how many service frontends the averages are over (all, or an evenly spaced sample)
 * @param averageRules      rules evaluated for a connection to a random service (mean over services, each the
 *                          probability-weighted mean over its paths)
 * @param worstRules        the most rules any measured connection evaluates (the service at the end of
 *                          KUBE-SERVICES)
 * @param noServiceRules    rules evaluated by a new connection that is for no service (pod to pod): in iptables mode
 *                          it walks all of KUBE-SERVICES
 * @param hashLookups       hash-table lookups for a connection to a service
 * @param basis             how the figures were obtained, in a sentence
 */
public record ConnectionCost(String mode, int servicesMeasured, double averageRules, int worstRules, int noServiceRules,
                             double hashLookups, String basis) {
}
