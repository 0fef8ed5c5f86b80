package dev.kpsim.emulator.topology;

import java.util.List;

/**
 * One command of a topology script: what it does (for error messages), the argument vector, and the standard
 * input (an {@code ip -batch} text) or null. Every command acts inside a namespace of this run
 * ({@code ip -n NS …} or {@code ip netns exec NS …}).
 */
public record Step(String description, List<String> argv, String stdin) {
    public Step {
        argv = List.copyOf(argv);
    }
}
