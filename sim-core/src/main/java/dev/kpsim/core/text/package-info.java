/**
 * Small text utilities shared by kpsim's tokenizers (the iptables-save and nft readers): {@link
 * dev.kpsim.core.text.CommonWords} shares the instances of words a large dump repeats.
 */
package dev.kpsim.core.text;
