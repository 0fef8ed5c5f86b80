package dev.kpsim.core.mode;

import dev.kpsim.core.diag.Diagnostic;
import java.util.List;

/**
 * What one node is programmed with in one mode: an iptables ruleset, an IPVS table with ipsets and rules, an
 * nftables table, or userspace portals and proxier state. It renders itself in the tool's native formats.
 * Immutable.
 */
public interface DataPlane {

    /** The mode that generated it. */
    String mode();

    /**
     * The data plane in one of its mode's formats (see {@link ProxyMode#formats()}), byte for byte as the native
     * tool prints it.
     *
     * @throws IllegalArgumentException for a format the mode does not have
     */
    String render(String format);

    /** Notes about the generation, e.g. which version flavour a requested version mapped to. */
    default List<Diagnostic> notes() {
        return List.of();
    }

    /**
     * A simulator of this data plane on the node described by {@code env}; empty if this data plane cannot be
     * simulated (yet).
     */
    default java.util.Optional<dev.kpsim.core.engine.Simulator> simulator(dev.kpsim.core.engine.NodeEnvironment env) {
        return java.util.Optional.empty();
    }
}
