package dev.kpsim.mode.userspace.ports;

/**
 * {@code randomAllocator} of {@code pkg/proxy/userspace/port_allocator.go}: used when {@code --proxy-port-range} is
 * empty. It always answers 0, so the proxy socket binds port 0 and the kernel chooses an ephemeral port
 * (see {@link EphemeralPorts}).
 */
public final class RandomAllocator implements PortAllocator {

    @Override
    public int allocateNext() {
        return 0;
    }

    @Override
    public void reserve(int port) {
        // Nothing to track: the kernel's own table (EphemeralPorts) knows which ports are bound.
    }

    @Override
    public void release(int port) {
        // A no-op upstream as well.
    }
}
