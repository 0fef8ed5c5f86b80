/**
 * JMH benchmarks of kpsim's hot paths on synthetic clusters of 100, 1,000 and 10,000 services × 1 and 10 endpoints
 * ({@link dev.kpsim.bench.ClusterBenchmarkBase}, fixed seed): generation and rendering per mode, parsing a dump, a new
 * connection through the compiled and the linear matcher, an established connection, exact outcome enumeration,
 * IPVS scheduling, and the real kernel's {@code iptables-restore} of the same payload as the physical reference.
 * Build with {@code mvn -B -pl benchmarks -am package}; run {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package dev.kpsim.bench;
