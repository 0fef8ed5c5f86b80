package dev.kpsim.cli.support;

/** {@code --output}: human-readable text, or JSON for tools. */
public enum OutputFormat {
    text, json
}
