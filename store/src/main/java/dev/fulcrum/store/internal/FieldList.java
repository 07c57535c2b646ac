package dev.fulcrum.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A list of field names as one column: a JSON array of strings, so that no name can pass for two. */
final class FieldList {
    private static final JsonFactory JSON = new JsonFactory();

    private FieldList() {
    }

    /** The column's value: null for no fields. */
    static String write(List<String> fields) {
        if (fields.isEmpty()) {
            return null;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (String field : fields) {
                json.writeString(field);
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The fields of a column's value; a value that is no JSON array (a hand-edited row) is one name. */
    static List<String> read(String column) {
        if (column == null) {
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        try (JsonParser json = JSON.createParser(column)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                return List.of(column);
            }
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    return List.of(column);
                }
                fields.add(json.getText());
            }
        } catch (IOException e) {
            return List.of(column);
        }
        return List.copyOf(fields);
    }
}
