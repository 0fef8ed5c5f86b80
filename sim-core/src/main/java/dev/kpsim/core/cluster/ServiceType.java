package dev.kpsim.core.cluster;

/** A Service's {@code spec.type}. */
public enum ServiceType {
    ClusterIP, NodePort, LoadBalancer, ExternalName
}
