package dev.kpsim.mode.userspace;

/**
 * Which the userspace proxier heard of first for each service port, its endpoints or its Service. It matters:
 * {@code LoadBalancerRR.NewService} sets the ClientIP timeout only when it creates the entry, so when the endpoints
 * came first the entry keeps the default 10800 s whatever {@code timeoutSeconds} the Service asks for
 * ({@code pkg/proxy/userspace/roundrobin.go}). It also decides the order of the log lines.
 */
public enum StartupOrder {
    /**
     * kube-proxy (re)started on a running cluster: endpoint events are applied as they arrive, Services only at the
     * first sync, which waits for both caches. The Debug Services page's log shows this order.
     */
    ENDPOINTS_FIRST,
    /** Services created while kube-proxy runs: the Service is merged before its Endpoints object appears. */
    SERVICES_FIRST
}
