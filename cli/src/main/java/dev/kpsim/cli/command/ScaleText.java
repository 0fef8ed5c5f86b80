package dev.kpsim.cli.command;

import dev.kpsim.cli.command.ScaleReport.Count;
import dev.kpsim.cli.render.TextTable;
import dev.kpsim.core.analysis.cost.ConnectionCost;
import dev.kpsim.core.analysis.cost.RuleCensus;
import dev.kpsim.core.cluster.ServiceType;
import dev.kpsim.scenarios.synthetic.SyntheticSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link ScaleReport}: aligned text for people, a JSON object for tools. */
final class ScaleText {
    private ScaleText() {
    }

    static String text(ScaleReport r) {
        SyntheticSpec s = r.spec();
        Map<ServiceType, Integer> types = s.typeMix().counts(s.services());
        StringBuilder sb = new StringBuilder();
        sb.append(n(s.services())).append(" services x ").append(n(s.endpointsPerService())).append(" endpoints, ")
                .append(n(r.pods())).append(" pods on ").append(n(r.nodes())).append(" nodes; ").append(s.mode())
                .append(" mode, kube-proxy ").append(s.kubeProxyVersion()).append(", seed ").append(s.seed()).append('\n');
        sb.append("types: ClusterIP ").append(n(types.get(ServiceType.ClusterIP))).append(", NodePort ")
                .append(n(types.get(ServiceType.NodePort))).append(", LoadBalancer ").append(n(types.get(ServiceType.LoadBalancer)))
                .append("; shares: externalTrafficPolicy Local ").append(s.externalLocalShare())
                .append(", internalTrafficPolicy Local ").append(s.internalLocalShare()).append(", ClientIP affinity ")
                .append(s.affinityShare()).append("\n\n");

        TextTable t = new TextTable("TABLE", "CHAIN FAMILY", "CHAINS", "RULES").rightAlign(2, 3);
        for (RuleCensus.Row row : r.census().rows()) {
            t.row(row.table(), row.family(), n(row.chains()), n(row.rules()));
        }
        for (String table : r.census().tables()) {
            t.row(table, "(total)", n(r.census().chains(table)), n(r.census().rules(table)));
        }
        sb.append(t.render());
        r.formula().ifPresent(f -> sb.append("\nkube-proxy's rule count (TestNumberIptablesRules): nat 5 + S*(2 + 3E) = ")
                .append(n(f.nat())).append(", filter ").append(n(f.filter())).append(": ")
                .append(f.matches() ? "matches" : "DIFFERS").append('\n'));
        if (!r.objects().isEmpty()) {
            sb.append('\n');
            TextTable o = new TextTable("OBJECT", "COUNT").rightAlign(1);
            r.objects().forEach(c -> o.row(c.what(), n(c.count())));
            sb.append(o.render());
        }
        sb.append('\n');
        TextTable p = new TextTable("PAYLOAD", "BYTES").rightAlign(1);
        r.rendered().forEach(c -> p.row(c.what(), n(c.count())));
        sb.append(p.render());
        ScaleReport.Timings tm = r.timings();
        sb.append("\ntime: cluster ").append(seconds(tm.clusterMillis())).append(", generation ")
                .append(seconds(tm.generateMillis())).append(", rendering ").append(seconds(tm.renderMillis()))
                .append(", cost ").append(seconds(tm.costMillis())).append("; heap used ")
                .append(n(r.heapUsedBytes() >> 20)).append(" MiB\n");
        ConnectionCost c = r.cost();
        sb.append("\nkernel cost per new connection (").append(c.mode()).append(" mode):\n");
        sb.append("  rules evaluated, to a random service: ").append(String.format(Locale.ROOT, "%,.1f", c.averageRules()))
                .append(" on average, ").append(n(c.worstRules())).append(" at worst\n");
        sb.append("  rules evaluated, to no service:       ").append(n(c.noServiceRules())).append('\n');
        sb.append("  hash lookups, to a service:           ").append(String.format(Locale.ROOT, "%,.1f", c.hashLookups())).append('\n');
        sb.append("  (").append(c.basis()).append(")\n");
        return sb.toString();
    }

    static Map<String, Object> json(ScaleReport r) {
        SyntheticSpec s = r.spec();
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("services", s.services());
        spec.put("endpointsPerService", s.endpointsPerService());
        spec.put("nodes", r.nodes());
        spec.put("pods", r.pods());
        spec.put("mode", s.mode());
        spec.put("kubeProxyVersion", s.kubeProxyVersion().toString());
        spec.put("typeMix", s.typeMix().toString());
        spec.put("externalLocalShare", s.externalLocalShare());
        spec.put("internalLocalShare", s.internalLocalShare());
        spec.put("affinityShare", s.affinityShare());
        spec.put("seed", s.seed());
        root.put("spec", spec);
        List<Map<String, Object>> census = new ArrayList<>();
        for (RuleCensus.Row row : r.census().rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("table", row.table());
            m.put("family", row.family());
            m.put("chains", row.chains());
            m.put("rules", row.rules());
            census.add(m);
        }
        root.put("census", census);
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String table : r.census().tables()) {
            totals.put(table, Map.of("chains", r.census().chains(table), "rules", r.census().rules(table)));
        }
        root.put("totals", totals);
        r.formula().ifPresent(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nat", f.nat());
            m.put("filter", f.filter());
            m.put("matches", f.matches());
            root.put("kubeProxyFormula", m);
        });
        root.put("objects", counts(r.objects()));
        root.put("payloadBytes", counts(r.rendered()));
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("clusterMillis", round(r.timings().clusterMillis()));
        time.put("generateMillis", round(r.timings().generateMillis()));
        time.put("renderMillis", round(r.timings().renderMillis()));
        time.put("costMillis", round(r.timings().costMillis()));
        root.put("timings", time);
        root.put("heapUsedBytes", r.heapUsedBytes());
        ConnectionCost c = r.cost();
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("mode", c.mode());
        cost.put("servicesMeasured", c.servicesMeasured());
        cost.put("averageRules", c.averageRules());
        cost.put("worstRules", c.worstRules());
        cost.put("noServiceRules", c.noServiceRules());
        cost.put("hashLookups", c.hashLookups());
        cost.put("basis", c.basis());
        root.put("connectionCost", cost);
        return root;
    }

    private static Map<String, Object> counts(List<Count> counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        counts.forEach(c -> m.put(c.what(), c.count()));
        return m;
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String seconds(double millis) {
        return String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }
}
