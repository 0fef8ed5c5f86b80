/** Text formats of the userspace-mode data plane: {@code restore} and {@code proxier} (historical mode). */
package dev.kpsim.mode.userspace.render;
