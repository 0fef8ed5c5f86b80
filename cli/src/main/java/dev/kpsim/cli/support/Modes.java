package dev.kpsim.cli.support;

import dev.kpsim.core.mode.ProxyMode;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The data-plane modes on the classpath, found with {@link ServiceLoader} (each mode module registers one). */
public final class Modes {
    private Modes() {
    }

    /** Every registered mode, sorted by name. */
    public static List<ProxyMode> all() {
        return ServiceLoader.load(ProxyMode.class).stream().map(ServiceLoader.Provider::get)
                .sorted(java.util.Comparator.comparing(ProxyMode::name)).toList();
    }

    /**
     * The mode called {@code name}.
     *
     * @throws picocli.CommandLine.ParameterException-like {@link IllegalArgumentException} naming the known modes
     */
    public static ProxyMode named(String name) {
        return all().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode '" + name + "'; kpsim knows: "
                        + all().stream().map(ProxyMode::name).collect(Collectors.joining(", "))));
    }
}
