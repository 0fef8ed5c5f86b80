package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.engine.NodeEnvironment;
import dev.kpsim.core.engine.Simulator;

/** One node whose data plane kpsim can run packets through: its simulator and its environment (addresses, pods, routes). */
public record NodeTarget(String nodeName, Simulator simulator, NodeEnvironment environment) {
}
