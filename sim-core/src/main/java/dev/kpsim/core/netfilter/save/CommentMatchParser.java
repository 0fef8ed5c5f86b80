package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.CommentMatch;
import dev.kpsim.core.netfilter.match.Match;
import java.nio.charset.StandardCharsets;

/** {@code -m comment --comment TEXT} (libxt_comment.c): at most 255 bytes, never negated. */
final class CommentMatchParser extends MatchExtension {
    /** XT_MAX_COMMENT_LEN minus the terminating NUL. */
    static final int MAX_BYTES = 255;
    private String text;

    CommentMatchParser(Token nameToken) {
        super("comment", nameToken);
    }

    @Override
    int arity(String option) {
        return option.equals("--comment") ? 1 : UNKNOWN;
    }

    @Override
    void option(Option o, RuleFacts facts, LineScope scope) {
        noNegation(o, scope);
        once(text != null, o, scope);
        String value = o.arg(0).text();
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw scope.error(o.arg(0), "bad-option-value", "a comment must be shorter than 256 bytes");
        }
        text = value;
    }

    @Override
    Match build(RuleFacts facts, LineScope scope) {
        if (text == null) {
            throw scope.error(nameToken, "missing-option", "the comment match needs --comment");
        }
        return new CommentMatch(text);
    }
}
