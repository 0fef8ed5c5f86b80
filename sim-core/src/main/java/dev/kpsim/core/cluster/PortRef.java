package dev.kpsim.core.cluster;

/**
 * A Service port's {@code targetPort}: a number, or the name of a container port resolved per pod by the
 * EndpointSlice controller. Exactly one of {@code number} (1-65535) and {@code name} is set.
 */
public record PortRef(int number, String name) {

    public static PortRef of(int number) {
        return new PortRef(number, null);
    }

    public static PortRef named(String name) {
        return new PortRef(0, name);
    }

    public boolean isNamed() {
        return name != null;
    }

    @Override
    public String toString() {
        return isNamed() ? name : Integer.toString(number);
    }
}
