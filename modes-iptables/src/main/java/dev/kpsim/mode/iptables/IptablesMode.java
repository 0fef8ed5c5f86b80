package dev.kpsim.mode.iptables;

import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import java.util.List;

/**
 * kube-proxy's iptables mode ({@code pkg/proxy/iptables}) as a {@link ProxyMode}: generates the restore payloads
 * kube-proxy writes on a node, in the output flavour of the configured kube-proxy version. The no-argument
 * constructor (used by {@link java.util.ServiceLoader}) models a current Linux node
 * ({@link IptablesOptions#realNode()}); {@link #IptablesMode(IptablesOptions)} sets other node facts, e.g. the
 * {@code 0x4000} mark text of kube-proxy's unit tests. Stateless and thread-safe.
 */
public final class IptablesMode implements ProxyMode {
    /** The mode's name, as in {@code KubeProxyConfiguration.mode}. */
    public static final String NAME = "iptables";

    private final IptablesOptions options;

    public IptablesMode() {
        this(IptablesOptions.realNode());
    }

    public IptablesMode(IptablesOptions options) {
        this.options = options;
    }

    public IptablesOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> formats() {
        return IptablesDataPlane.FORMATS;
    }

    @Override
    public IptablesDataPlane generate(ProxyInput input) {
        return IptablesGenerator.generate(input, options);
    }
}
