package dev.kpsim.core.trace.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void escapesPerRfc8259() {
        String s = new JsonWriter().value("q\" b\\ n\n t\t r\r \b \f \u0001 \u001f \u2028 é").finish();
        assertThat(s).isEqualTo("\"q\\\" b\\\\ n\\n t\\t r\\r \\b \\f \\u0001 \\u001f \\u2028 é\"\n");
    }

    @Test
    void nestsWithStableKeyOrderAndIndentation() {
        String s = new JsonWriter().beginObject()
                .name("b").value(1)
                .name("a").beginArray().endArray()
                .name("o").beginObject().endObject()
                .name("l").beginArray().value(true).nullValue().value(0.5).value(Double.NaN).endArray()
                .name("s").value((String) null)
                .endObject().finish();
        assertThat(s).isEqualTo("""
                {
                  "b": 1,
                  "a": [],
                  "o": {},
                  "l": [
                    true,
                    null,
                    0.5,
                    null
                  ],
                  "s": null
                }
                """);
    }
}
