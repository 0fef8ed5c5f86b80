package dev.kpsim.mode.ipvs;

import dev.kpsim.core.mode.DataPlane;
import dev.kpsim.core.mode.ProxyInput;
import dev.kpsim.core.mode.ProxyMode;
import dev.kpsim.mode.ipvs.gen.IpvsDataPlane;
import dev.kpsim.mode.ipvs.gen.IpvsGenerator;
import java.util.List;

/**
 * kube-proxy's IPVS mode ({@code --proxy-mode=ipvs}, {@code pkg/proxy/ipvs}), deprecated since v1.35: virtual
 * servers and real servers in the kernel's IPVS table, ipsets, and the iptables rules around them. Registered for
 * {@link java.util.ServiceLoader}; stateless and thread-safe. {@link #generate} returns an {@link IpvsDataPlane}.
 */
public final class IpvsMode implements ProxyMode {

    @Override
    public String name() {
        return "ipvs";
    }

    @Override
    public List<String> formats() {
        return IpvsDataPlane.FORMATS;
    }

    /** The node's IPVS data plane, terminating TCP endpoints shown draining at weight 0. */
    @Override
    public DataPlane generate(ProxyInput input) {
        return new IpvsGenerator(input, true).generate();
    }
}
