package dev.kpsim.cli.support;

import dev.kpsim.core.kubeproxy.KubeProxyVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code kpsim --version}: kpsim's own version and the newest kube-proxy release whose output it reproduces. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/kpsim-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {
                "kpsim " + p.getProperty("version", "unknown"),
                "reproduces kube-proxy output up to v" + KubeProxyVersion.LATEST + " (iptables, ipvs, nftables; userspace up to v1.25)",
                "Java " + System.getProperty("java.version")};
    }
}
