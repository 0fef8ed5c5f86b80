package dev.kpsim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kpsim.core.cluster.Cluster;
import dev.kpsim.core.cluster.EndpointSlice;
import dev.kpsim.core.cluster.Node;
import dev.kpsim.core.cluster.Pod;
import dev.kpsim.core.cluster.Service;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: write inputs to a temporary directory, load them, and compare clusters without locations. */
final class Inputs {
    private Inputs() {
    }

    static String write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoadedInput load(String... paths) {
        return InputLoader.load(List.of(paths));
    }

    /** Loads text written to {@code dir/name} and returns the diagnostics of the failure, formatted. */
    static List<String> errors(Path dir, String name, String text) {
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> load(write(dir, name, text)));
        assertThat(e).as("expected bad input").isNotNull();
        return e.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::format).toList();
    }

    /** The warnings (and other non-errors) of a successful load, formatted. */
    static List<String> warnings(LoadedInput in) {
        return in.diagnostics().stream().map(Diagnostic::format).toList();
    }

    static Service strip(Service s) {
        return s.toBuilder().location(null).build();
    }

    static EndpointSlice strip(EndpointSlice s) {
        return new EndpointSlice(s.namespace(), s.name(), s.serviceName(), s.addressType(), s.ports(), s.endpoints(), null);
    }

    static Node strip(Node n) {
        return new Node(n.name(), n.addresses(), n.podCidrs(), n.zone(), null);
    }

    static Pod strip(Pod p) {
        return new Pod(p.namespace(), p.name(), p.labels(), p.ips(), p.nodeName(), p.containerPorts(), p.ready(), p.terminating(),
                p.hostNetwork(), null);
    }

    /** The cluster with every location replaced by the unknown location, for comparing input styles. */
    static Cluster strip(Cluster c) {
        return new Cluster(c.nodes().stream().map(Inputs::strip).toList(), c.pods().stream().map(Inputs::strip).toList(),
                c.services().stream().map(Inputs::strip).toList(), c.endpointSlices().stream().map(Inputs::strip).toList());
    }
}
