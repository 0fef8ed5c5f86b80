package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.restore.Provenance;

/** One line of restore input with its 1-based number and, for generated payloads, the provenance of its rule. */
record InputLine(int number, String text, Provenance provenance) {
}
