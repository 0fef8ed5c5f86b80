package dev.kpsim.scenarios;

import dev.kpsim.core.diag.BadInputException;
import dev.kpsim.core.diag.Diagnostic;
import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.scenarios.assemble.Assembled;
import dev.kpsim.scenarios.assemble.ClusterAssembler;
import dev.kpsim.scenarios.collect.InputCollector;
import dev.kpsim.scenarios.doc.DocumentReader;
import dev.kpsim.scenarios.doc.InputFiles;
import dev.kpsim.scenarios.doc.LocatedDocument;
import dev.kpsim.scenarios.doc.SourceText;
import dev.kpsim.scenarios.read.Values;
import java.util.List;
import java.util.Optional;

/**
 * kpsim's front door for input: reads any mix of files, directories (recursive) and {@code -} (standard input)
 * holding Kubernetes objects as {@code kubectl get -o yaml|json} prints them, KubeProxyConfigurations (alone or in
 * a ConfigMap) and kpsim Scenarios, and merges them into one {@link LoadedInput}.
 *
 * <p>Reading goes: paths → texts ({@link InputFiles}) → located documents ({@link DocumentReader}) → readers by
 * kind → {@link ClusterAssembler} (allocation, slice derivation, cross checks). Every problem is a located
 * {@link Diagnostic}; if any is an error, {@link BadInputException} carries them all, warnings included, and
 * nothing is returned. The result is a pure function of the inputs.
 */
public final class InputLoader {
    private InputLoader() {
    }

    /** Loads with default options (standard input for {@code -}). */
    public static LoadedInput load(List<String> paths) {
        return load(paths, LoadOptions.defaults());
    }

    /**
     * Loads and merges every input.
     *
     * @throws BadInputException if any input has an error; it carries every diagnostic in order
     */
    public static LoadedInput load(List<String> paths, LoadOptions options) {
        Diagnostics diags = new Diagnostics();
        Values values = new Values(diags);
        InputCollector collector = new InputCollector(diags);
        for (SourceText text : InputFiles.read(paths, options.stdin(), diags)) {
            for (LocatedDocument doc : DocumentReader.read(text, diags)) {
                ObjectDispatcher.dispatch(doc.cursor(), values, collector);
            }
        }
        Assembled a = ClusterAssembler.assemble(collector, options.serviceRanges());
        diags.throwIfErrors();
        Optional<String> preferred = Optional.ofNullable(a.config().hostnameOverride()).filter(s -> !s.isEmpty());
        return new LoadedInput(a.cluster(), a.config(), preferred, a.extensions(), diags.list());
    }
}
