/**
 * Renderers of engine results, apart from the engines: {@link dev.kpsim.core.trace.render.TraceTextRenderer} (in the
 * manner of {@code xtables-monitor --trace}, with a plain-words {@link dev.kpsim.core.trace.render.OutcomeSummary}),
 * {@link dev.kpsim.core.trace.render.TraceJsonRenderer} (the {@code kpsim trace --output json} document), and the
 * distribution report as text and JSON. JSON is written by the small {@link dev.kpsim.core.trace.render.JsonWriter}
 * with a fixed key order, so output bytes depend only on the data.
 */
package dev.kpsim.core.trace.render;
