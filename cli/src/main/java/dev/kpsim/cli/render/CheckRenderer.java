package dev.kpsim.cli.render;

import dev.kpsim.core.analysis.check.CheckResult;
import dev.kpsim.core.diag.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints {@code kpsim check} results: per scenario and mode a suite, one line per expectation with a plain status
 * word, and for a failure what was expected, what was found and where the expectation is written (file name, line,
 * column). Also the JUnit XML report for CI (no timestamps or durations, so the same run gives the same bytes).
 */
public final class CheckRenderer {
    private CheckRenderer() {
    }

    /** One scenario checked in one mode. */
    public record Suite(String name, List<CheckResult> results) {
        public Suite {
            results = List.copyOf(results);
        }

        long count(CheckResult.Status s) {
            return results.stream().filter(r -> r.status() == s).count();
        }
    }

    public static String text(List<Suite> suites) {
        StringBuilder sb = new StringBuilder();
        for (Suite s : suites) {
            sb.append(s.name()).append('\n');
            if (s.results().isEmpty()) {
                sb.append("  (no expectations)\n");
            }
            for (CheckResult r : s.results()) {
                String word = switch (r.status()) {
                    case PASS -> "ok    ";
                    case FAIL -> "FAIL  ";
                    case SKIP -> "skip  ";
                };
                sb.append("  ").append(word).append(r.expectation().name());
                if (r.status() == CheckResult.Status.PASS) {
                    sb.append(": ").append(r.actual()).append('\n');
                } else if (r.status() == CheckResult.Status.SKIP) {
                    sb.append(": ").append(r.actual()).append('\n');
                } else {
                    sb.append('\n');
                    sb.append("          expected: ").append(r.expected()).append('\n');
                    sb.append("          actual:   ").append(r.actual()).append('\n');
                    sb.append("          at ").append(where(r.expectation().location())).append('\n');
                }
            }
            sb.append('\n');
        }
        sb.append(summary(suites)).append('\n');
        return sb.toString();
    }

    /** {@code check: 12 passed, 1 failed, 0 skipped}. */
    public static String summary(List<Suite> suites) {
        long pass = suites.stream().mapToLong(s -> s.count(CheckResult.Status.PASS)).sum();
        long fail = suites.stream().mapToLong(s -> s.count(CheckResult.Status.FAIL)).sum();
        long skip = suites.stream().mapToLong(s -> s.count(CheckResult.Status.SKIP)).sum();
        return "check: " + pass + " passed, " + fail + " failed, " + skip + " skipped";
    }

    /** {@code hostnames.yaml:52:7}: the file's name only, so reports do not depend on where the files are. */
    static String where(SourceLocation at) {
        Path name = Path.of(at.file()).getFileName();
        return (name == null ? at.file() : name.toString()) + ":" + at.line() + ":" + at.column();
    }

    public static String json(List<Suite> suites) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("passed", suites.stream().noneMatch(s -> s.count(CheckResult.Status.FAIL) > 0));
        List<Object> list = new ArrayList<>();
        for (Suite s : suites) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("suite", s.name());
            List<Object> rs = new ArrayList<>();
            for (CheckResult r : s.results()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", r.expectation().name());
                x.put("status", r.status().name().toLowerCase(Locale.ROOT));
                x.put("expected", r.expected());
                x.put("actual", r.actual());
                x.put("at", where(r.expectation().location()));
                rs.add(x);
            }
            m.put("results", rs);
            list.add(m);
        }
        root.put("suites", list);
        return Json.write(root);
    }

    /** The JUnit XML report: one {@code testsuite} per scenario and mode, one {@code testcase} per expectation. */
    public static String junit(List<Suite> suites) {
        long tests = suites.stream().mapToLong(s -> s.results().size()).sum();
        long failures = suites.stream().mapToLong(s -> s.count(CheckResult.Status.FAIL)).sum();
        long skipped = suites.stream().mapToLong(s -> s.count(CheckResult.Status.SKIP)).sum();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"kpsim check\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"0\" skipped=\"").append(skipped).append("\">\n");
        for (Suite s : suites) {
            sb.append("  <testsuite name=\"").append(xml(s.name())).append("\" tests=\"").append(s.results().size())
                    .append("\" failures=\"").append(s.count(CheckResult.Status.FAIL)).append("\" errors=\"0\" skipped=\"")
                    .append(s.count(CheckResult.Status.SKIP)).append("\">\n");
            for (CheckResult r : s.results()) {
                sb.append("    <testcase classname=\"").append(xml(s.name())).append("\" name=\"")
                        .append(xml(r.expectation().name())).append('"');
                switch (r.status()) {
                    case PASS -> sb.append("/>\n");
                    case SKIP -> sb.append(">\n      <skipped message=\"").append(xml(r.actual())).append("\"/>\n    </testcase>\n");
                    case FAIL -> sb.append(">\n      <failure message=\"").append(xml("expected " + r.expected() + ", actual " + r.actual()))
                            .append("\" type=\"expectation\">").append(xml("expected: " + r.expected() + "\nactual:   " + r.actual()
                                    + "\nat " + where(r.expectation().location()))).append("</failure>\n    </testcase>\n");
                    default -> throw new IllegalStateException();
                }
            }
            sb.append("  </testsuite>\n");
        }
        sb.append("</testsuites>\n");
        return sb.toString();
    }

    private static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append('?');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
