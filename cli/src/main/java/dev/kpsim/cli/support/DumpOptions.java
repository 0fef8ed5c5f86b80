package dev.kpsim.cli.support;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that read a real node's dumps instead of generating the data plane from a cluster description. */
public final class DumpOptions {

    @Option(names = "--iptables-save", paramLabel = "DUMP",
            description = "A real node's iptables-save (or ip6tables-save) output to run packets through.")
    public String iptablesSave;

    @Option(names = "--nft", paramLabel = "DUMP", description = "A real node's 'nft list ruleset' output to run packets through.")
    public String nft;

    @Option(names = "--ipvsadm", paramLabel = "DUMP",
            description = "A real IPVS-mode node's 'ipvsadm -Sn' or 'ipvsadm -Ln' output (with --ipset and --iptables-save).")
    public String ipvsadm;

    @Option(names = "--ipset", paramLabel = "DUMP", description = "A real IPVS-mode node's 'ipset save' output (with --ipvsadm).")
    public String ipset;

    @Option(names = "--node-ip", paramLabel = "IP", split = ",",
            description = "The dumped node's own addresses (what 'addrtype LOCAL' matches); repeatable.")
    public List<String> nodeIps = new ArrayList<>();

    public boolean any() {
        return iptablesSave != null || nft != null || ipvsadm != null || ipset != null;
    }
}
