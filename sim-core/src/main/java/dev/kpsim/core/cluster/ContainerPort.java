package dev.kpsim.core.cluster;

import dev.kpsim.core.net.Protocol;

/** A pod container's declared port ({@code containers[].ports[]}); named ports resolve Service targetPorts. */
public record ContainerPort(String name, int port, Protocol protocol) {
    public ContainerPort {
        name = name == null ? "" : name;
    }
}
