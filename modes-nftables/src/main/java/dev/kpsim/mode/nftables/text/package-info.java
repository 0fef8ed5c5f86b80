/**
 * nft text: {@link dev.kpsim.mode.nftables.text.NftParser} reads {@code nft list ruleset} output and {@code nft -f}
 * files with located diagnostics; {@link dev.kpsim.mode.nftables.text.ListPrinter} prints what {@code nft list}
 * (1.0.6) prints, {@link dev.kpsim.mode.nftables.text.InputPrinter} an {@code nft -f} transaction as knftables writes
 * it. Printing a parsed dump gives it back byte for byte.
 */
package dev.kpsim.mode.nftables.text;
