package dev.kpsim.core.analysis.doctor;

import dev.kpsim.core.analysis.doctor.DoctorStep.Detail;
import dev.kpsim.core.kubeproxy.NodeProxyView;
import dev.kpsim.core.kubeproxy.ServicePortEntry;
import java.util.List;

/**
 * The rule structure kube-proxy writes for one service port in one mode, checked against a node's rules: for
 * iptables one KUBE-SERVICES rule per frontend, one KUBE-SVC chain, one KUBE-SEP chain per endpoint; for IPVS one
 * virtual server per frontend with its real servers; for userspace the two portal rules per frontend; for nftables
 * the service chain with its {@code numgen} verdict map and one endpoint chain per endpoint.
 */
interface ModeStructure {

    /** One detail per expectation, OK or FAIL. */
    List<Detail> check(NodeSubject subject, NodeProxyView view, ServicePortEntry entry);

    /** The checker for a mode, if kpsim knows that mode's structure. */
    static java.util.Optional<ModeStructure> forMode(String mode) {
        return switch (mode) {
            case "iptables" -> java.util.Optional.of(new IptablesStructure());
            case "nftables" -> java.util.Optional.of(new NftablesStructure());
            case "ipvs" -> java.util.Optional.of(new IpvsStructure());
            case "userspace" -> java.util.Optional.of(new UserspaceStructure());
            default -> java.util.Optional.empty();
        };
    }

    static Detail ok(String text) {
        return new Detail(StepStatus.OK, text);
    }

    static Detail fail(String text) {
        return new Detail(StepStatus.FAIL, text);
    }
}
