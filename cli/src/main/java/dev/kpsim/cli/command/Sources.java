package dev.kpsim.cli.command;

import dev.kpsim.cli.support.PacketOptions;
import dev.kpsim.cli.support.SimulationTarget;
import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.HostPort;
import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.net.IpFamily;
import java.io.PrintWriter;
import java.util.Map;

/** The default client of {@code trace} and {@code simulate} when {@code --src} is not given. */
final class Sources {
    private Sources() {
    }

    /**
     * A pod on the simulated node (the first by address), else the node's own address, else an error asking for
     * {@code --src}. The choice is noted on standard error.
     */
    static HostPort defaultSource(SimulationTarget t, IpFamily family, PrintWriter err) {
        for (Map.Entry<IpAddress, String> pod : t.environment().localPods().entrySet()) {
            if (pod.getKey().family() == family) {
                err.println("kpsim: note: sending from pod " + pod.getValue() + " (" + pod.getKey() + ") on node "
                        + t.nodeName() + "; choose another source with --src");
                return new HostPort(pod.getKey(), PacketOptions.DEFAULT_SOURCE_PORT);
            }
        }
        IpAddress node = t.environment().primaryAddress(family).orElseThrow(() -> new BadInputException(
                SourceLocation.ofFile("kpsim"), "no-source", "no pod or address of node " + t.nodeName()
                + " can be the source; give --src IP[:PORT]"));
        err.println("kpsim: note: sending from node " + t.nodeName() + " itself (" + node + "); choose another source with --src");
        return new HostPort(node, PacketOptions.DEFAULT_SOURCE_PORT);
    }
}
