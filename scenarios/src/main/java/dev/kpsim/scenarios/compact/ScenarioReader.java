package dev.kpsim.scenarios.compact;

import dev.kpsim.core.diag.Severity;
import dev.kpsim.core.net.Cidr;
import dev.kpsim.scenarios.collect.AllocationSettings;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.raw.RawSection;
import dev.kpsim.scenarios.read.Fields;
import dev.kpsim.scenarios.read.Values;
import java.util.List;
import java.util.Optional;

/**
 * kpsim's compact scenario format ({@code apiVersion: kpsim.dev/v1alpha1}, {@code kind: Scenario}), documented
 * in {@code scenarios/examples/SCHEMA.md}: {@code metadata}, {@code proxy}, {@code allocation}, {@code nodes},
 * {@code pods}, {@code services}, {@code endpointSlices}, and the sections later stages interpret, kept as located
 * raw trees ({@value #PRESERVED_DOC}). Unknown fields are errors (with a suggestion for a likely typo), since a
 * silently ignored field would change what a scenario teaches.
 */
public final class ScenarioReader {
    /** The API version of the format. */
    public static final String API_VERSION = "kpsim.dev/v1alpha1";
    /** Top-level sections preserved uninterpreted for later stages. */
    public static final List<String> PRESERVED = List.of("traffic", "expect", "events");
    private static final String PRESERVED_DOC = "traffic, expect, events";

    private ScenarioReader() {
    }

    public static void read(Located root, Values v, InputCollector out) {
        Fields f = Fields.of(root, v).allow("apiVersion", "kind");
        Located meta = f.get("metadata");
        if (!meta.isAbsent()) {
            Fields mf = Fields.of(meta, v);
            v.string(mf.get("name"));
            v.string(mf.get("description"));
            v.stringMap(mf.get("labels"));
            mf.finish(Severity.ERROR);
        }
        Located proxy = f.get("proxy");
        if (!proxy.isAbsent()) {
            out.setConfig(ProxySectionReader.read(proxy, v), proxy.keyLocation());
        }
        Located allocation = f.get("allocation");
        if (!allocation.isAbsent()) {
            allocation(allocation, v).ifPresent(out::setAllocation);
        }
        v.list(f.get("nodes")).forEach(n -> NodeSectionReader.read(n, v, out));
        v.list(f.get("pods")).forEach(p -> PodSectionReader.read(p, v, out));
        v.list(f.get("services")).forEach(s -> ServiceSectionReader.read(s, v, out));
        v.list(f.get("endpointSlices")).forEach(s -> SliceSectionReader.read(s, v, out));
        for (String section : PRESERVED) {
            Located at = f.get(section);
            if (!at.isAbsent()) {
                out.addExtension(new RawSection(section, RawNodes.of(at), at.keyLocation()));
            }
        }
        f.finish(Severity.ERROR);
    }

    private static Optional<AllocationSettings> allocation(Located at, Values v) {
        Fields f = Fields.of(at, v);
        AllocationSettings d = AllocationSettings.defaults();
        Located cidrAt = f.get("serviceCIDR");
        List<Cidr> cidrs = v.cidrs(cidrAt);
        Located rangeAt = f.get("nodePortRange");
        Optional<PortRange> range = v.string(rangeAt).flatMap(s -> {
            Optional<PortRange> r = PortRange.parse(s);
            if (r.isEmpty()) {
                v.diagnostics().error(rangeAt.location(), "bad-value", rangeAt.path() + ": '" + s + "' is not a port range (for example 30000-32767)");
            }
            return r;
        });
        f.finish(Severity.ERROR);
        boolean explicit = !cidrs.isEmpty();
        return Optional.of(new AllocationSettings(explicit ? cidrs : d.serviceCidrs(), explicit,
                range.map(PortRange::first).orElse(d.nodePortMin()), range.map(PortRange::last).orElse(d.nodePortMax()),
                at.keyLocation()));
    }

    /** Reads the required {@code name}; {@code missing-field} error if absent or empty. */
    static Optional<String> requiredName(Fields f, String what, Values v) {
        Located at = f.get("name");
        Optional<String> name = v.string(at).filter(s -> !s.isEmpty());
        if (name.isEmpty()) {
            v.diagnostics().error(f.object().location(), "missing-field", f.object().path() + ": a " + what + " needs a name");
        }
        return name;
    }
}
