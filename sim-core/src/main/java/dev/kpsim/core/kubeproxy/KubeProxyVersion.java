package dev.kpsim.core.kubeproxy;

import java.util.Optional;

/**
 * A kube-proxy release, {@code major.minor}. Modes map a version to the nearest output flavour they know; the
 * version itself is only data. {@link #LATEST} is the newest release kpsim reproduces.
 */
public record KubeProxyVersion(int major, int minor) implements Comparable<KubeProxyVersion> {

    /** The newest kube-proxy release whose output kpsim reproduces. */
    public static final KubeProxyVersion LATEST = new KubeProxyVersion(1, 35);

    /**
     * Parses {@code 1.28}, {@code v1.28.3}, or {@code latest}.
     */
    public static Optional<KubeProxyVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.equalsIgnoreCase("latest") || t.equalsIgnoreCase("newest")) {
            return Optional.of(LATEST);
        }
        if (t.startsWith("v") || t.startsWith("V")) {
            t = t.substring(1);
        }
        String[] parts = t.split("\\.");
        if (parts.length < 2 || parts.length > 3) {
            return Optional.empty();
        }
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = Integer.parseInt(parts[1]);
            if (parts.length == 3) {
                Integer.parseInt(parts[2].replaceAll("[-+].*$", ""));
            }
            if (major != 1 || minor < 0 || minor > 99) {
                return Optional.empty();
            }
            return Optional.of(new KubeProxyVersion(major, minor));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean atLeast(int maj, int min) {
        return major > maj || (major == maj && minor >= min);
    }

    public boolean before(int maj, int min) {
        return !atLeast(maj, min);
    }

    @Override
    public int compareTo(KubeProxyVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
