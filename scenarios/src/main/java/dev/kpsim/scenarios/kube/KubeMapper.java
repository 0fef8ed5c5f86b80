package dev.kpsim.scenarios.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.kpsim.scenarios.doc.Located;
import dev.kpsim.scenarios.read.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts a located tree into a fabric8 kubernetes-model object with Jackson, as a client would decode the API
 * server's JSON. Unknown fields are kept by fabric8's additional properties; a value of the wrong type is a
 * located {@code bad-value} error at the offending field.
 */
public final class KubeMapper {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private KubeMapper() {
    }

    /** The object at {@code obj} as a {@code type}; empty after reporting if it does not fit. */
    public static <T> Optional<T> convert(Located obj, Class<T> type, Values values) {
        try {
            return Optional.of(MAPPER.treeToValue(obj.node(), type));
        } catch (JsonMappingException e) {
            List<Object> segments = new ArrayList<>();
            for (JsonMappingException.Reference r : e.getPath()) {
                if (r.getFieldName() != null) {
                    segments.add(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    segments.add(r.getIndex());
                }
            }
            Located at = obj.descend(segments);
            if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
                values.typeError(at, expected(m.getTargetType()));
            } else {
                String msg = e.getOriginalMessage();
                int nl = msg.indexOf('\n');
                values.diagnostics().error(at.location(), "bad-value",
                        (at.path().isEmpty() ? "" : at.path() + ": ") + (nl < 0 ? msg : msg.substring(0, nl)));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            values.diagnostics().error(obj.location(), "bad-value", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static String expected(Class<?> t) {
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(t)) {
            return "a mapping";
        }
        return "a " + t.getSimpleName() + " object";
    }
}
