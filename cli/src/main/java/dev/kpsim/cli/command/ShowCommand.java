package dev.kpsim.cli.command;

import dev.kpsim.cli.render.NodeViewRenderer;
import dev.kpsim.cli.support.InputOptions;
import dev.kpsim.cli.support.OutputFormat;
import dev.kpsim.cli.support.Session;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.net.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kpsim show}: the node's view — service ports, frontends, endpoints and how kube-proxy categorises them. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the node's view: service ports, frontends and endpoints.",
                "%nEach service port with its frontends, and its endpoints with their conditions (ready, serving, terminating), whether they are on this node, and whether kube-proxy uses them for cluster-wide or node-local traffic.%n"})
public final class ShowCommand implements Callable<Integer> {

    @Mixin
    InputOptions input;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Session s = Session.load(input, null, spec.commandLine().getErr());
        String node = s.node(Optional.empty());
        List<NodeProxyView> views = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            NodeProxyView v = s.proxyInput(node).view(f);
            if (!v.servicePorts().isEmpty() || f == IpFamily.IPV4) {
                views.add(v);
            }
        }
        var out = spec.commandLine().getOut();
        if (output == OutputFormat.json) {
            out.print(NodeViewRenderer.json(node, views));
        } else {
            out.print(NodeViewRenderer.text(views));
        }
        out.flush();
        return 0;
    }
}
