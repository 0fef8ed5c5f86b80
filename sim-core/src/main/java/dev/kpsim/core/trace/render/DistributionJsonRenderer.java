package dev.kpsim.core.trace.render;

import dev.kpsim.core.analysis.distribution.CategoryStat;
import dev.kpsim.core.analysis.distribution.DistributionReport;
import dev.kpsim.core.analysis.distribution.ExactBasis;

/**
 * Renders a {@link DistributionReport} as JSON ({@code kpsim simulate --output json}):
 * <pre>
 * {"packet":{…},"entry":"PREROUTING","connections":N,"seed":S,"uncertain":bool,["exactBasis":"sequence",]
 *  "endpoints":[{"endpoint":"10.244.1.7:9376"|"DROP"|…,"verdict":…,"destination":"ip:port"|null,
 *                "exact":p,"observed":n,"share":s,"lower95":l,"upper95":u}],
 *  "chiSquare":{"statistic":x|null,"degreesOfFreedom":k,"pValue":p}}
 * </pre>
 * An infinite statistic (an observation where none was predicted) is written as {@code null}. {@code exactBasis}
 * appears only when the exact shares are those of a deterministic sequence ({@link ExactBasis#SEQUENCE}).
 */
public final class DistributionJsonRenderer {
    private DistributionJsonRenderer() {
    }

    public static String render(DistributionReport r) {
        JsonWriter w = new JsonWriter().beginObject();
        w.name("packet").beginObject()
                .name("protocol").value(r.template().protocol().lower())
                .name("source").value(r.template().source().toString())
                .name("destination").value(r.template().destination().toString())
                .name("destinationPort").value(r.template().destinationPort())
                .endObject();
        w.name("entry").value(r.entry().name());
        w.name("connections").value(r.connections());
        w.name("seed").value(r.seed());
        w.name("uncertain").value(r.uncertain());
        if (r.exactBasis() == ExactBasis.SEQUENCE) {
            w.name("exactBasis").value("sequence");
        }
        w.name("endpoints").beginArray();
        for (CategoryStat s : r.rows()) {
            w.beginObject()
                    .name("endpoint").value(s.category().label())
                    .name("verdict").value(s.category().verdict().name())
                    .name("destination").value(s.category().destination() == null ? null : s.category().destination().toString())
                    .name("exact").value(s.exactProbability())
                    .name("observed").value(s.observed())
                    .name("share").value(s.share())
                    .name("lower95").value(s.lower95())
                    .name("upper95").value(s.upper95())
                    .endObject();
        }
        w.endArray();
        w.name("chiSquare").beginObject()
                .name("statistic").value(r.fit().statistic())
                .name("degreesOfFreedom").value(r.fit().degreesOfFreedom())
                .name("pValue").value(r.fit().pValue())
                .endObject();
        return w.endObject().finish();
    }
}
