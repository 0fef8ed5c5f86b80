package dev.kpsim.core.analysis.hairpin;

import dev.kpsim.core.trace.render.JsonWriter;
import java.util.Locale;

/**
 * Renders a {@link HairpinReport} as the JSON of {@code kpsim hairpin --output json}:
 * <pre>
 * {"mode", "cases":[{"pod","node","podAddress","servicePort","protocol","frontend","selfShare","selfMasquerade",
 *   "selfSource","path":"bridged-dnat|host-routed"|null,"otherLocalShare","otherRemoteShare","lostShare","basis",
 *   "rules":[{"where","text","why"}],
 *   "verdicts":[{"hairpinMode","bridgeNfCallIptables","result":"works|fails|unverified","answered","failed",
 *                "unverified","reasons":[{"result","reason","evidence","observed"}]}]}]}
 * </pre>
 */
public final class HairpinJsonRenderer {
    private HairpinJsonRenderer() {
    }

    public static String render(HairpinReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("mode").value(r.mode());
        w.name("cases").beginArray();
        for (HairpinCase c : r.cases()) {
            HairpinSubject s = c.subject();
            w.beginObject().name("pod").value(s.pod()).name("node").value(s.node())
                    .name("podAddress").value(s.podAddress().toString()).name("servicePort").value(s.servicePort())
                    .name("protocol").value(s.protocol().name()).name("frontend").value(s.frontend().toString())
                    .name("selfShare").value(c.selfShare());
            w.name("selfMasquerade");
            if (c.selfMasquerade() == null) {
                w.nullValue();
            } else {
                w.value(c.selfMasquerade());
            }
            w.name("selfSource").value(c.selfSource() == null ? null : c.selfSource().toString())
                    .name("path").value(c.path() == null ? null : c.path().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .name("otherLocalShare").value(c.otherLocalShare()).name("otherRemoteShare").value(c.otherRemoteShare())
                    .name("lostShare").value(c.lostShare())
                    .name("basis").value(c.basis().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            w.name("rules").beginArray();
            for (CitedRule cr : c.rules()) {
                w.beginObject().name("where").value(cr.where()).name("text").value(cr.text()).name("why").value(cr.why())
                        .endObject();
            }
            w.endArray();
            w.name("verdicts").beginArray();
            for (HairpinVerdict v : c.verdicts()) {
                w.beginObject().name("hairpinMode").value(v.mode().flag()).name("bridgeNfCallIptables")
                        .value(v.bridgeNfCallIptables()).name("result").value(v.result().name().toLowerCase(Locale.ROOT))
                        .name("answered").value(v.answered()).name("failed").value(v.failed())
                        .name("unverified").value(v.unverified());
                w.name("reasons").beginArray();
                for (KernelVerdict k : v.reasons()) {
                    w.beginObject().name("result").value(k.result().name().toLowerCase(Locale.ROOT))
                            .name("reason").value(k.reason()).name("evidence").value(k.evidence())
                            .name("observed").value(k.observed()).endObject();
                }
                w.endArray();
                w.endObject();
            }
            w.endArray();
            w.endObject();
        }
        w.endArray();
        return w.endObject().finish();
    }
}
