package dev.kpsim.core.analysis.diff;

import dev.kpsim.core.analysis.doctor.Delivery;

/**
 * One cell of a node's reachability matrix: new connections from one client to one frontend, where they end (exact
 * shares, masquerade) and how many rules each walks on average.
 *
 * @param key         {@code client -> frontend}, the cell's identity across the two sides of a diff
 * @param rulesWalked expected rules evaluated per new connection ({@link dev.kpsim.core.analysis.doctor.Probe#rulesWalked})
 */
public record Cell(String key, String client, String frontend, Delivery delivery, double rulesWalked) {
}
