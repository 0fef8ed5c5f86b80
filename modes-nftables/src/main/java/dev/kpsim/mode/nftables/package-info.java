/**
 * kube-proxy's nftables mode ({@code pkg/proxy/nftables}). {@link dev.kpsim.mode.nftables.NftablesMode} generates the
 * {@code ip}/{@code ip6 kube-proxy} tables a node is programmed with; {@link dev.kpsim.mode.nftables.NftablesDataPlane}
 * renders them as {@code nft list} or {@code nft -f} text, reads real dumps, and simulates them. The stages live in
 * sub-packages: {@code model} (tables, chains, sets, rules), {@code ast} (rule statements and expressions),
 * {@code text} (lexer, parser, printers), {@code gen} (kube-proxy's proxier logic per version flavour) and
 * {@code engine} (the interpreter).
 */
package dev.kpsim.mode.nftables;
