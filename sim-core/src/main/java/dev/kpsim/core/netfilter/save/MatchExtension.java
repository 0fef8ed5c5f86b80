package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.match.Match;

/** The parser of one {@code -m} module; {@link #build} checks it as the extension's final check does and makes the match. */
abstract class MatchExtension extends Extension {
    MatchExtension(String name, Token nameToken) {
        super(name, nameToken);
    }

    abstract Match build(RuleFacts facts, LineScope scope);
}
