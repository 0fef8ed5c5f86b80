package dev.kpsim.core.analysis.reach;

import dev.kpsim.core.net.IpAddress;
import dev.kpsim.core.trace.render.JsonWriter;

/**
 * Renders a {@link ReachMatrix} as the JSON document of {@code kpsim reach --output json}:
 * <pre>
 * {"mode", "nodes":[…],
 *  "clients":[{"id","kind":"pod|host|external","name","node","addresses":[…],"insideRange"}],
 *  "frontends":[{"id","kind":"cluster-ip|external-ip|load-balancer-ip|node-port|health-check","servicePort",
 *                "protocol","address","node","sourceRanges":[…],"externalPolicyLocal","internalPolicyLocal"}],
 *  "cells":[{"client","frontend","node","summary","code","basis":"first-connection|sequence","shares":[{"probability","fraction","fate","destination","pod",
 *            "podNode","masquerade","source","viaNode","decidedBy","role","uncertain","hairpin",
 *            "replyBypass"}],
 *            "blackHole":{"cause","reason","decidedBy"}|null}]}
 * </pre>
 * Keys always in this order; enum values in lower-case kebab form.
 */
public final class ReachJsonRenderer {
    private ReachJsonRenderer() {
    }

    public static String render(ReachMatrix m) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("mode").value(m.mode());
        w.name("nodes").beginArray();
        m.nodes().forEach(w::value);
        w.endArray();
        w.name("clients").beginArray();
        for (ReachClient c : m.clients()) {
            w.beginObject().name("id").value(c.id()).name("kind").value(kebab(c.kind().name())).name("name").value(c.name())
                    .name("node").value(c.node());
            w.name("addresses").beginArray();
            for (IpAddress a : c.addresses()) {
                w.value(a.toString());
            }
            w.endArray();
            w.name("insideRange").value(c.insideRange());
            w.endObject();
        }
        w.endArray();
        w.name("frontends").beginArray();
        for (ReachFrontend f : m.frontends()) {
            w.beginObject().name("id").value(f.id()).name("kind").value(kebab(f.kind().name()))
                    .name("servicePort").value(f.servicePort()).name("protocol").value(f.protocol().name())
                    .name("address").value(f.address().toString()).name("node").value(f.node());
            w.name("sourceRanges").beginArray();
            f.sourceRanges().forEach(w::value);
            w.endArray();
            w.name("externalPolicyLocal").value(f.externalPolicyLocal()).name("internalPolicyLocal").value(f.internalPolicyLocal());
            w.endObject();
        }
        w.endArray();
        w.name("cells").beginArray();
        for (ReachCell c : m.cells()) {
            w.beginObject().name("client").value(c.client()).name("frontend").value(c.frontend()).name("node").value(c.node())
                    .name("summary").value(kebab(c.summary().name()))
                    .name("code").value(ReachTextRenderer.code(java.util.Optional.of(c)))
                    .name("basis").value(kebab(c.basis().name()));
            w.name("shares").beginArray();
            for (ReachShare s : c.shares()) {
                w.beginObject().name("probability").value(s.probability()).name("fraction").value(Shares.format(s.probability()))
                        .name("fate").value(kebab(s.fate().name()))
                        .name("destination").value(s.destination() == null ? null : s.destination().toString())
                        .name("pod").value(s.pod()).name("podNode").value(s.podNode()).name("masquerade").value(s.masquerade())
                        .name("source").value(s.source() == null ? null : s.source().toString()).name("viaNode").value(s.viaNode())
                        .name("decidedBy").value(s.decidedBy()).name("role").value(s.role()).name("uncertain").value(s.uncertain())
                        .name("hairpin").value(s.hairpin()).name("replyBypass").value(s.replyBypass());
                w.endObject();
            }
            w.endArray();
            w.name("blackHole");
            if (c.blackHole().isEmpty()) {
                w.nullValue();
            } else {
                BlackHole b = c.blackHole().get();
                w.beginObject().name("cause").value(kebab(b.cause().name())).name("reason").value(b.reason())
                        .name("decidedBy").value(b.decidedBy()).endObject();
            }
            w.endObject();
        }
        w.endArray();
        return w.endObject().finish();
    }

    static String kebab(String enumName) {
        return enumName.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
