/** Generation of a node's userspace-mode data plane (historical mode, removed in kube-proxy 1.26). */
package dev.kpsim.mode.userspace.generate;
