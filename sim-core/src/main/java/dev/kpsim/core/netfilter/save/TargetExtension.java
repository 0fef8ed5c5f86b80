package dev.kpsim.core.netfilter.save;

import dev.kpsim.core.netfilter.target.Target;

/** The parser of the {@code -j}/{@code -g} target; {@link #build} checks it and makes the target. */
abstract class TargetExtension extends Extension {
    TargetExtension(String name, Token nameToken) {
        super(name, nameToken);
    }

    abstract Target build(RuleFacts facts, LineScope scope);
}
