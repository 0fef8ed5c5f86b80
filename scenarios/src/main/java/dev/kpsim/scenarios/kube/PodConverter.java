package dev.kpsim.scenarios.kube;

import dev.kpsim.core.cluster.ContainerPort;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.Protocol;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A v1 Pod, reduced to what Services care about: labels, IPs ({@code status.podIPs}, else {@code status.podIP}),
 * {@code spec.nodeName}, declared container ports (regular containers, then sidecars, i.e. init containers with
 * {@code restartPolicy: Always}, the order {@code FindPort} in {@code pkg/api/v1/pod/util.go} searches), readiness
 * (the {@code Ready} condition is {@code True}), terminating ({@code metadata.deletionTimestamp} set) and
 * {@code spec.hostNetwork}.
 */
public final class PodConverter {
    private PodConverter() {
    }

    public static void read(Located obj, Values v, InputCollector out) {
        Optional<ObjectIdentity> meta = ObjectIdentity.read(obj, "Pod", true, v);
        Optional<io.fabric8.kubernetes.api.model.Pod> pod = KubeMapper.convert(obj, io.fabric8.kubernetes.api.model.Pod.class, v);
        if (meta.isEmpty() || pod.isEmpty()) {
            return;
        }
        PodSpec spec = pod.get().getSpec() == null ? new PodSpec() : pod.get().getSpec();
        PodStatus status = pod.get().getStatus() == null ? new PodStatus() : pod.get().getStatus();
        Located statusAt = obj.get("status");
        List<IpAddress> ips = new ArrayList<>();
        if (status.getPodIPs() != null && !status.getPodIPs().isEmpty()) {
            List<PodIP> list = status.getPodIPs();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).getIp() != null) {
                    v.ip(list.get(i).getIp(), statusAt.get("podIPs").at(i).get("ip")).ifPresent(ips::add);
                }
            }
        } else if (status.getPodIP() != null && !status.getPodIP().isEmpty()) {
            v.ip(status.getPodIP(), statusAt.get("podIP")).ifPresent(ips::add);
        }
        List<ContainerPort> ports = new ArrayList<>();
        Located specAt = obj.get("spec");
        addPorts(spec.getContainers(), specAt.get("containers"), false, v, ports);
        addPorts(spec.getInitContainers(), specAt.get("initContainers"), true, v, ports);
        boolean ready = isReady(status.getConditions());
        boolean terminating = pod.get().getMetadata() != null && pod.get().getMetadata().getDeletionTimestamp() != null;
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        out.addPod(new Pod(meta.get().namespace(), meta.get().name(), meta.get().labels(), ips, spec.getNodeName(), ports,
                ready, terminating, hostNetwork, meta.get().location()));
    }

    /** {@code podutil.IsPodReady}: the pod's {@code Ready} condition is {@code True}. */
    static boolean isReady(List<PodCondition> conditions) {
        return conditions != null && conditions.stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void addPorts(List<Container> containers, Located at, boolean sidecarsOnly, Values v, List<ContainerPort> out) {
        if (containers == null) {
            return;
        }
        for (int c = 0; c < containers.size(); c++) {
            Container container = containers.get(c);
            if (sidecarsOnly && !"Always".equals(container.getRestartPolicy())) {
                continue;
            }
            if (container.getPorts() == null) {
                continue;
            }
            for (int i = 0; i < container.getPorts().size(); i++) {
                io.fabric8.kubernetes.api.model.ContainerPort p = container.getPorts().get(i);
                Located pAt = at.at(c).get("ports").at(i);
                if (p.getContainerPort() == null || !v.checkPort(p.getContainerPort(), pAt.get("containerPort"))) {
                    continue;
                }
                Protocol protocol = p.getProtocol() == null ? Protocol.TCP
                        : v.oneOf(p.getProtocol(), pAt.get("protocol"), "protocol", ServiceConverter.PROTOCOLS).flatMap(Protocol::parse).orElse(Protocol.TCP);
                out.add(new ContainerPort(p.getName(), p.getContainerPort(), protocol));
            }
        }
    }
}
