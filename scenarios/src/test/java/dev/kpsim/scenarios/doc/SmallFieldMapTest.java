package dev.kpsim.scenarios.doc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** {@link SmallFieldMap} behaves as an insertion-ordered map, small or large. */
class SmallFieldMapTest {

    @Property(tries = 300)
    void actsAsALinkedHashMap(@ForAll @Size(max = 30) List<@StringLength(max = 2) @CharRange(from = 'a', to = 'e') String> keys) {
        SmallFieldMap small = new SmallFieldMap();
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode v = new TextNode("v" + i);
            assertThat(small.put(keys.get(i), v)).isEqualTo(expected.put(keys.get(i), v));
        }
        assertThat(small).hasSize(expected.size()).isEqualTo(expected);
        assertThat(small.hashCode()).isEqualTo(expected.hashCode());
        assertThat(new ArrayList<>(small.keySet())).containsExactlyElementsOf(expected.keySet());
        assertThat(new ArrayList<>(small.values())).containsExactlyElementsOf(expected.values());
        for (String k : List.of("a", "bb", "zz")) {
            assertThat(small.get(k)).isEqualTo(expected.get(k));
            assertThat(small.containsKey(k)).isEqualTo(expected.containsKey(k));
        }
    }
}
