package dev.kpsim.core.trace.render;

import dev.kpsim.core.netfilter.restore.Provenance;
import dev.kpsim.core.packet.Packet;
import dev.kpsim.core.trace.Outcome;
import dev.kpsim.core.trace.Step;
import dev.kpsim.core.trace.TraceResult;

/**
 * Renders a {@link TraceResult} as the JSON document of {@code kpsim trace --output json}:
 * <pre>
 * {"packet":{"protocol","source","sourcePort","destination","destinationPort","mark"},
 *  "entry":"PREROUTING|OUTPUT",
 *  "outcomes":[{"probability":p,"verdict":"ACCEPT|DROP|REJECT","destination":"ip:port"|null,
 *               "masquerade":bool,"uncertain":bool,"hops":[{"type":…},…]}]}
 * </pre>
 * Keys always in this order; each hop has {@code "type"} first ({@code hook}, {@code chain}, {@code rule},
 * {@code branch}, {@code policy}, {@code transform}, {@code conntrack}, {@code routing}, {@code mode},
 * {@code uncertain}) and its fields after.
 */
public final class TraceJsonRenderer {
    private TraceJsonRenderer() {
    }

    public static String render(TraceResult r) {
        return render(r, s -> java.util.Optional.empty());
    }

    /**
     * As {@link #render(TraceResult)}, with a {@code "why"} object (after {@code "provenance"}) in each rule hop for
     * which {@code why} has one ({@code kpsim trace --explain --output json}); its entries (string or boolean values)
     * are written in the map's order.
     */
    public static String render(TraceResult r,
                                java.util.function.Function<Step, java.util.Optional<java.util.Map<String, Object>>> why) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("packet");
        packet(w, r.packet());
        w.name("entry").value(r.entry().name());
        w.name("outcomes").beginArray();
        for (Outcome o : r.outcomes()) {
            w.beginObject();
            w.name("probability").value(o.probability());
            w.name("verdict").value(o.verdict().name());
            w.name("destination").value(o.destination() == null ? null : o.destination().toString());
            w.name("masquerade").value(o.masquerade());
            w.name("uncertain").value(o.uncertain());
            w.name("hops").beginArray();
            for (Step s : o.hops()) {
                step(w, s, why);
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        return w.endObject().finish();
    }

    private static void packet(JsonWriter w, Packet p) {
        w.beginObject();
        w.name("protocol").value(p.protocol().lower());
        w.name("source").value(p.source().toString());
        w.name("sourcePort").value(p.sourcePort());
        w.name("destination").value(p.destination().toString());
        w.name("destinationPort").value(p.destinationPort());
        w.name("mark").value(p.mark() & 0xFFFFFFFFL);
        w.endObject();
    }

    private static void step(JsonWriter w, Step s,
                             java.util.function.Function<Step, java.util.Optional<java.util.Map<String, Object>>> why) {
        w.beginObject();
        if (s instanceof Step.HookStep h) {
            w.name("type").value("hook").name("hook").value(h.hook().name());
        } else if (s instanceof Step.ChainStep c) {
            w.name("type").value("chain").name("table").value(c.table()).name("chain").value(c.chain());
        } else if (s instanceof Step.RuleStep r) {
            w.name("type").value("rule").name("table").value(r.table()).name("chain").value(r.chain())
                    .name("rule").value(r.ruleNumber()).name("text").value(r.ruleText()).name("action").value(r.action());
            w.name("provenance");
            provenance(w, r.provenance());
            why.apply(r).ifPresent(m -> {
                w.name("why").beginObject();
                m.forEach((k, v) -> {
                    w.name(k);
                    if (v instanceof Boolean b) {
                        w.value(b);
                    } else {
                        w.value(v == null ? null : v.toString());
                    }
                });
                w.endObject();
            });
        } else if (s instanceof Step.BranchStep b) {
            w.name("type").value("branch").name("table").value(b.table()).name("chain").value(b.chain())
                    .name("rule").value(b.ruleNumber()).name("probability").value(b.probability()).name("taken").value(b.taken());
        } else if (s instanceof Step.PolicyStep p) {
            w.name("type").value("policy").name("table").value(p.table()).name("chain").value(p.chain())
                    .name("policy").value(p.policy());
        } else if (s instanceof Step.TransformStep t) {
            w.name("type").value("transform").name("kind").value(t.kind());
            w.name("before").value(t.before() == null ? null : t.before().toString());
            w.name("after").value(t.after() == null ? null : t.after().toString());
        } else if (s instanceof Step.ConntrackStep c) {
            w.name("type").value("conntrack").name("state").value(c.state()).name("detail").value(c.detail());
        } else if (s instanceof Step.RoutingStep r) {
            w.name("type").value("routing").name("decision").value(r.decision()).name("reason").value(r.reason());
        } else if (s instanceof Step.ModeStep m) {
            w.name("type").value("mode").name("mode").value(m.mode()).name("description").value(m.description());
        } else {
            Step.UncertainStep u = (Step.UncertainStep) s;
            w.name("type").value("uncertain").name("construct").value(u.construct()).name("reason").value(u.reason());
        }
        w.endObject();
    }

    private static void provenance(JsonWriter w, Provenance p) {
        if (p == null) {
            w.nullValue();
            return;
        }
        w.beginObject();
        w.name("servicePort").value(p.servicePort());
        w.name("endpoint").value(p.endpoint());
        w.name("role").value(p.role());
        w.endObject();
    }
}
