package dev.kpsim.mode.ipvs.parse;

import dev.kpsim.core.diag.Diagnostics;
import dev.kpsim.core.diag.SourceLocation;
import dev.kpsim.mode.ipvs.ipset.IpSet;
import dev.kpsim.mode.ipvs.ipset.IpSetEntry;
import dev.kpsim.mode.ipvs.ipset.IpSetType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code ipset save} (also {@code ipset save} of older ipset versions without {@code bucketsize}/{@code initval})
 * into {@link IpSet}s, keeping every {@code create} option and every member text as written so the dump prints back
 * byte for byte. Members of the five types kube-proxy uses are validated; sets of other types are kept with an
 * "unsupported" note, their members unchecked.
 *
 * <p>Error codes: {@code ipset-syntax} (a line that is not {@code create}/{@code add}), {@code ipset-missing}
 * (a short, truncated line), {@code ipset-type}, {@code ipset-member} (a member that is not valid for its set's
 * type), {@code ipset-no-set} (an {@code add} before its {@code create}), {@code ipset-duplicate}.
 */
public final class IpsetSaveParser {
    private IpsetSaveParser() {
    }

    private static final class SetBuilder {
        final String name;
        final IpSetType type;
        final List<String> options;
        final List<String> members = new ArrayList<>();

        SetBuilder(String name, IpSetType type, List<String> options) {
            this.name = name;
            this.type = type;
            this.options = options;
        }
    }

    public static ParseResult<List<IpSet>> parse(String file, String text) {
        Diagnostics diags = new Diagnostics();
        Lines lines = Lines.of(text);
        Map<String, SetBuilder> sets = new LinkedHashMap<>();
        for (int i = 0; i < lines.lines().size(); i++) {
            int no = i + 1;
            String line = lines.lines().get(i);
            List<Token> toks = Token.split(line);
            if (toks.isEmpty() || toks.get(0).text().startsWith("#")) {
                continue;
            }
            Token cmd = toks.get(0);
            if (!cmd.text().equals("create") && !cmd.text().equals("add")) {
                diags.error(at(file, no, cmd), "ipset-syntax", "expected 'create' or 'add', found '" + cmd.text() + "'");
                continue;
            }
            if (toks.size() < 3) {
                Token last = toks.get(toks.size() - 1);
                diags.error(new SourceLocation(file, no, last.column() + last.text().length()), "ipset-missing",
                        cmd.text().equals("create") ? "expected 'create NAME TYPE [OPTIONS]' (truncated line?)"
                                : "expected 'add NAME MEMBER' (truncated line?)");
                continue;
            }
            Token name = toks.get(1);
            if (cmd.text().equals("create")) {
                Optional<IpSetType> type = IpSetType.fromText(toks.get(2).text());
                if (type.isEmpty()) {
                    diags.error(at(file, no, toks.get(2)), "ipset-type", "unknown set type '" + toks.get(2).text() + "'");
                    continue;
                }
                if (name.text().length() > 31) {
                    diags.error(at(file, no, name), "ipset-syntax", "set name '" + name.text() + "' is longer than 31 characters");
                    continue;
                }
                if (sets.containsKey(name.text())) {
                    diags.error(at(file, no, name), "ipset-duplicate", "set " + name.text() + " is created twice");
                    continue;
                }
                if (!type.get().modelled()) {
                    diags.unsupported(at(file, no, toks.get(2)), "ipset-unsupported", "set type " + type.get()
                            + " is kept but its members are not modelled");
                }
                List<String> opts = new ArrayList<>();
                for (int k = 3; k < toks.size(); k++) {
                    opts.add(toks.get(k).text());
                }
                sets.put(name.text(), new SetBuilder(name.text(), type.get(), opts));
                continue;
            }
            SetBuilder set = sets.get(name.text());
            if (set == null) {
                diags.error(at(file, no, name), "ipset-no-set", "member added to set " + name.text()
                        + ", which no earlier 'create' line made");
                continue;
            }
            Token member = toks.get(2);
            int start = member.column() - 1;
            String rest = line.substring(start);
            if (set.type.modelled()) {
                Optional<IpSetEntry> e = IpSetEntry.parse(set.type, member.text());
                if (e.isEmpty()) {
                    diags.error(at(file, no, member), "ipset-member", "'" + member.text() + "' is not a member of a "
                            + set.type + " set");
                    continue;
                }
                if (toks.size() > 3) {
                    diags.unsupported(at(file, no, toks.get(3)), "ipset-unsupported", "member options after '"
                            + member.text() + "' are kept but not modelled");
                }
            }
            if (set.members.contains(rest)) {
                diags.error(at(file, no, member), "ipset-duplicate", "member " + member.text() + " is added twice");
                continue;
            }
            set.members.add(rest);
        }
        if (lines.missingFinalNewline()) {
            diags.warning(new SourceLocation(file, lines.lines().size(), 1), "ipset-truncated",
                    "the dump does not end with a newline; it may be truncated");
        }
        List<IpSet> out = new ArrayList<>();
        for (SetBuilder b : sets.values()) {
            out.add(new IpSet(b.name, b.type, b.options, b.members, null, 0));
        }
        return new ParseResult<>(out, diags.list());
    }

    private static SourceLocation at(String file, int line, Token t) {
        return new SourceLocation(file, line, t.column());
    }
}
