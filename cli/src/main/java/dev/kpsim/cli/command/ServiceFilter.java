package dev.kpsim.cli.command;

import dev.kpsim.core.analysis.reach.ReachFrontend;
import java.util.Collection;
import java.util.List;

/** {@code --service NS/NAME[:PORT]}: which service (port) an analysis is limited to. */
final class ServiceFilter {
    private ServiceFilter() {
    }

    /**
     * True if a ServicePortName string ({@code ns/name} or {@code ns/name:port}) is selected by {@code service}
     * ({@code ns/name} selects every port; {@code ns/name:port} one port; null selects everything).
     */
    static boolean selects(String service, String servicePortName) {
        if (service == null) {
            return true;
        }
        int colon = servicePortName.indexOf(':');
        String key = colon < 0 ? servicePortName : servicePortName.substring(0, colon);
        return service.equals(key) || service.equals(servicePortName);
    }

    /** The frontends of the selected service; an error naming the services if none is. */
    static List<ReachFrontend> frontends(List<ReachFrontend> all, String service, Collection<String> nodes) {
        List<ReachFrontend> out = all.stream().filter(f -> selects(service, f.servicePort())).toList();
        if (service != null && out.isEmpty()) {
            throw AnalysisTarget.bad("unknown-service", "no service port '" + service + "' (services are named "
                    + "namespace/name or namespace/name:port; known: " + String.join(", ", all.stream()
                    .map(ReachFrontend::servicePort).distinct().toList()) + ")");
        }
        return out;
    }
}
