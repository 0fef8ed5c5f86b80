/**
 * The nftables ruleset as data: tables of a family, base chains with type, hook and priority, regular chains, named
 * sets and maps with their elements, and rules. Immutable records, except {@link
 * dev.kpsim.mode.nftables.model.NftTableBuilder}, which stages use while building.
 */
package dev.kpsim.mode.nftables.model;
