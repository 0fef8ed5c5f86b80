package dev.kpsim.core.cluster;

/** {@code spec.sessionAffinity}: None, or ClientIP (sticky per client address for a timeout). */
public enum SessionAffinity {
    None, ClientIP;

    /** Kubernetes' default ClientIP timeout ({@code DefaultClientIPServiceAffinitySeconds}): 3 hours. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 10800;
}
