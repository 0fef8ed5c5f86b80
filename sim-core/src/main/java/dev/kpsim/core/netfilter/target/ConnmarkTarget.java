package dev.kpsim.core.netfilter.target;

import java.util.List;

/**
 * {@code -j CONNMARK}: {@code --set-xmark V/M} on the connection mark, {@code --save-mark} (connection ← packet),
 * {@code --restore-mark} (packet ← connection), with optional masks. Unmodeled options are kept in {@code args}.
 */
public record ConnmarkTarget(Op op, long value, long mask, List<String> args) implements Target {
    public enum Op { SET_XMARK, SAVE_MARK, RESTORE_MARK, OTHER }

    public ConnmarkTarget {
        args = List.copyOf(args);
    }
}
