/**
 * {@code kpsim check}: regression testing of data planes. A scenario's {@code expect:} section, read into
 * {@link dev.kpsim.core.analysis.check.Expectation}s (reachability cells, exact distributions within a tolerance,
 * hairpin verdicts, rule counts, exact rule lines), and flow tables in kube-proxy's own {@code packetFlowTest} style
 * ({@link dev.kpsim.core.analysis.check.FlowTable}, {@link dev.kpsim.core.analysis.check.KubeProxyOutput}) are
 * evaluated against a {@link dev.kpsim.core.analysis.doctor.NodeSubject} by
 * {@link dev.kpsim.core.analysis.check.Checker}.
 */
package dev.kpsim.core.analysis.check;
