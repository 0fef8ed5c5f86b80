/**
 * Rule statements and expressions as a small sealed AST covering what kube-proxy and common CNIs write; constructs
 * outside it are kept verbatim as {@link dev.kpsim.mode.nftables.ast.Stmt.Unknown}.
 */
package dev.kpsim.mode.nftables.ast;
