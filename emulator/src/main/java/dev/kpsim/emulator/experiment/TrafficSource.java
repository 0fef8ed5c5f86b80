package dev.kpsim.emulator.experiment;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.core.net.IpAddress;

/**
 * Where the emulated connections start: inside a pod's namespace, on a node (the node's own network namespace,
 * like {@code curl} run on the node), or at the external client outside the cluster.
 */
public sealed interface TrafficSource {

    /** For messages and results: {@code pod/NS/NAME}, {@code node/NAME}, {@code external}. */
    String describe();

    /** A pod; for a host-network pod the connections start in its node's namespace. */
    record FromPod(String namespace, String name) implements TrafficSource {
        public String key() {
            return namespace + "/" + name;
        }

        @Override
        public String describe() {
            return "pod/" + key();
        }
    }

    /** A node's own network namespace. */
    record FromNode(String name) implements TrafficSource {
        @Override
        public String describe() {
            return "node/" + name;
        }
    }

    /**
     * The external client: outside the cluster, on the same network as the nodes. {@code address} picks one of its
     * addresses (for example one inside a Service's {@code loadBalancerSourceRanges}); null means its first address of
     * the destination's family.
     */
    record FromExternal(IpAddress address) implements TrafficSource {
        /** The external client at its default address. */
        public FromExternal() {
            this(null);
        }

        @Override
        public String describe() {
            return address == null ? "external" : "external/" + address;
        }
    }

    /**
     * Parses {@code pod/NS/NAME}, {@code node} (the node under test), {@code node/NAME}, {@code external} or
     * {@code external/IP}.
     *
     * @throws BadInputException with code {@code bad-source} otherwise
     */
    static TrafficSource parse(String text, String nodeUnderTest) {
        if (text.equals("external")) {
            return new FromExternal();
        }
        if (text.startsWith("external/")) {
            return IpAddress.tryParse(text.substring(9)).map(a -> (TrafficSource) new FromExternal(a)).orElseThrow(() ->
                    new BadInputException(SourceLocation.UNKNOWN, "bad-source", "'" + text.substring(9) + "' is not an IP address"));
        }
        if (text.equals("node")) {
            return new FromNode(nodeUnderTest);
        }
        if (text.startsWith("node/") && text.length() > 5) {
            return new FromNode(text.substring(5));
        }
        if (text.startsWith("pod/")) {
            String[] p = text.substring(4).split("/");
            if (p.length == 2 && !p[0].isEmpty() && !p[1].isEmpty()) {
                return new FromPod(p[0], p[1]);
            }
        }
        throw new BadInputException(SourceLocation.UNKNOWN, "bad-source",
                "'" + text + "' is not a traffic source: expected pod/NAMESPACE/NAME, node, node/NAME, external or external/IP");
    }
}
