package dev.kpsim.emulator.preflight;

import dev.kpsim.emulator.host.Command;
import dev.kpsim.emulator.host.CommandResult;
import dev.kpsim.emulator.host.RunScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds out what this machine offers the emulator ({@link Preflight}). Read-only towards the host: it reads
 * {@code /proc}, looks tools up on PATH, and — only when running as root with {@code ip} present — creates and
 * deletes one probe namespace with this run's prefix to confirm that namespaces work and that
 * {@code bridge-nf-call-iptables} exists inside a namespace. It never loads kernel modules: if br_netfilter is
 * missing the message says to run {@code modprobe br_netfilter} and what that changes for the host.
 */
public final class PreflightProbe {

    private static final List<String> EXTRA_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    private PreflightProbe() {
    }

    /** Checks everything. Takes well under a second. */
    public static Preflight probe() {
        Map<Capability, Check> m = new EnumMap<>(Capability.class);
        m.put(Capability.ROOT, root());
        m.put(Capability.IP, tool(Capability.IP, "ip", "iproute2"));
        m.put(Capability.SYSCTL, tool(Capability.SYSCTL, "sysctl", "procps"));
        m.put(Capability.IPTABLES_LEGACY, tools(Capability.IPTABLES_LEGACY, "iptables", "iptables-legacy-restore", "iptables-legacy-save"));
        m.put(Capability.IPTABLES_NFT, tools(Capability.IPTABLES_NFT, "iptables", "iptables-nft-restore", "iptables-nft-save"));
        m.put(Capability.IP6TABLES_LEGACY, tools(Capability.IP6TABLES_LEGACY, "iptables", "ip6tables-legacy-restore", "ip6tables-legacy-save"));
        m.put(Capability.IP6TABLES_NFT, tools(Capability.IP6TABLES_NFT, "iptables", "ip6tables-nft-restore", "ip6tables-nft-save"));
        m.put(Capability.NFT, tool(Capability.NFT, "nft", "nftables"));
        m.put(Capability.NFACCT, tool(Capability.NFACCT, "nfacct", "nfacct"));
        m.put(Capability.CONNTRACK, tool(Capability.CONNTRACK, "conntrack", "conntrack"));
        m.put(Capability.IPVS, Files.exists(Path.of("/proc/net/ip_vs"))
                ? Check.present(Capability.IPVS, "/proc/net/ip_vs exists")
                : Check.missing(Capability.IPVS, Preflight.IPVS_UNAVAILABLE + " (/proc/net/ip_vs does not exist; the ip_vs module is not loaded or not built)"));
        namespaceChecks(m);
        return new Preflight(m);
    }

    private static Check root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    String euid = f.length > 1 ? f[1] : f[0];
                    return euid.equals("0")
                            ? Check.present(Capability.ROOT, "effective uid 0")
                            : Check.missing(Capability.ROOT, "not running as root (effective uid " + euid + "): network namespaces, links and netfilter rules need root");
                }
            }
        } catch (IOException e) {
            return Check.missing(Capability.ROOT, "cannot read /proc/self/status to learn the uid: " + e.getMessage());
        }
        return Check.missing(Capability.ROOT, "/proc/self/status has no Uid line");
    }

    /** The absolute path of {@code name} on PATH, if there is an executable file of that name. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static Check tool(Capability c, String name, String pkg) {
        return tools(c, pkg, name);
    }

    private static Check tools(Capability c, String pkg, String... names) {
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            Optional<Path> p = onPath(n);
            if (p.isPresent()) {
                found.add(p.get().toString());
                continue;
            }
            Optional<Path> off = EXTRA_DIRS.stream().map(d -> Path.of(d, n)).filter(Files::isExecutable).findFirst();
            missing.add(off.map(o -> n + " is at " + o + " but " + o.getParent() + " is not on PATH")
                    .orElse(n + " not found on PATH (install package " + pkg + ")"));
        }
        return missing.isEmpty()
                ? Check.present(c, String.join(", ", found))
                : Check.missing(c, String.join("; ", missing));
    }

    private static void namespaceChecks(Map<Capability, Check> m) {
        boolean bridgeHere = Files.exists(Path.of("/proc/sys/net/bridge/bridge-nf-call-iptables"));
        String brMissing = "br_netfilter is not available (no net.bridge.bridge-nf-call-iptables): run `modprobe br_netfilter`; "
                + "note that loading it makes bridged IPv4/IPv6 traffic traverse iptables in every namespace, the host's included, "
                + "because the module defaults bridge-nf-call-iptables/ip6tables/arptables to 1";
        if (!m.get(Capability.ROOT).present() || !m.get(Capability.IP).present()) {
            String why = !m.get(Capability.ROOT).present() ? "cannot be tried without root" : "cannot be tried without the ip command";
            m.put(Capability.NETNS, Check.missing(Capability.NETNS, "network namespaces " + why));
            m.put(Capability.BR_NETFILTER, bridgeHere
                    ? Check.present(Capability.BR_NETFILTER, "net.bridge.bridge-nf-call-iptables exists (not verified inside a namespace)")
                    : Check.missing(Capability.BR_NETFILTER, brMissing));
            return;
        }
        try (RunScope scope = RunScope.open()) {
            String ns = scope.namespace("probe");
            try {
                scope.createNamespaces(List.of(ns));
            } catch (RuntimeException e) {
                m.put(Capability.NETNS, Check.missing(Capability.NETNS, "cannot create a network namespace: " + e.getMessage()));
                m.put(Capability.BR_NETFILTER, Check.missing(Capability.BR_NETFILTER, "not checked: no namespace could be created"));
                return;
            }
            m.put(Capability.NETNS, Check.present(Capability.NETNS, "created and deleted probe namespace " + ns));
            CommandResult r = Command.run(Command.inNamespace(ns, List.of("cat", "/proc/sys/net/bridge/bridge-nf-call-iptables")));
            m.put(Capability.BR_NETFILTER, r.ok()
                    ? Check.present(Capability.BR_NETFILTER, "net.bridge.bridge-nf-call-iptables exists inside a namespace")
                    : Check.missing(Capability.BR_NETFILTER, brMissing));
        }
    }
}
