/**
 * {@code kpsim doctor}: the Kubernetes "Debug Services" walk-through automated over any node — a generated data plane
 * of any mode or a real node's dump — plus a catalogue of named findings. {@link dev.kpsim.core.analysis.doctor.NodeSubject}
 * is what every analysis of this package and of {@code analysis.diff} / {@code analysis.check} examines: the node's
 * rules read structurally ({@link dev.kpsim.core.analysis.doctor.RuleInventory}), its simulator and its objects.
 * {@link dev.kpsim.core.analysis.doctor.Probe} runs exact outcomes of one client → frontend;
 * {@link dev.kpsim.core.analysis.doctor.Intent} says what kube-proxy means to happen from the objects alone;
 * {@link dev.kpsim.core.analysis.doctor.Doctor} compares the two, checks the mode's rule structure, and names
 * findings ({@link dev.kpsim.core.analysis.doctor.FindingKind}).
 */
package dev.kpsim.core.analysis.doctor;
