package dev.kpsim.core.conntrack;

/**
 * Access to named {@code recent} lists: the simulation's own lists, or a copy-on-write layer over them used while
 * exploring branches so that the real state stays unchanged.
 */
public interface RecentView {
    /** The list for reading, or null if it has no entries yet. The caller must not change it. */
    RecentTable read(String name);

    /** The list for changing, created if absent. */
    RecentTable write(String name);
}
