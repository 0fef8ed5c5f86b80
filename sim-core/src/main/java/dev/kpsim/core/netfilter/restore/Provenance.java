package dev.kpsim.core.netfilter.restore;

/**
 * Why a generated rule exists: the service port and endpoint that produced it, and its role in kube-proxy's
 * design (a stable key such as {@code cluster-ip}, {@code hairpin-masquerade}, {@code endpoint-dnat},
 * {@code load-balance}; see {@link #roleDescription()}), like kube-proxy's own
 * {@code --comment "ns/svc:port cluster IP"}. Any field may be null for fixed rules.
 */
public record Provenance(String servicePort, String endpoint, String role) {

    /** Provenance of a fixed (not per-service) rule with the given role. */
    public static Provenance fixed(String role) {
        return new Provenance(null, null, role);
    }

    public static Provenance ofService(String servicePort, String role) {
        return new Provenance(servicePort, null, role);
    }

    public static Provenance ofEndpoint(String servicePort, String endpoint, String role) {
        return new Provenance(servicePort, endpoint, role);
    }

    /** A one-line description of the role, for {@code --explain}; the role key itself if none is known. */
    public String roleDescription() {
        return RuleRoles.describe(role);
    }
}
