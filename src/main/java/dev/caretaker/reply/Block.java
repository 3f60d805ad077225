package dev.caretaker.reply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;

/**
 * One part of a reply's body; renderers switch over the closed set. As JSON (the outbox stores replies) each block
 * names its kind in {@code type}; an image's bytes travel as base64.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Block.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Block.Fields.class, name = "fields"),
        @JsonSubTypes.Type(value = Block.Table.class, name = "table"),
        @JsonSubTypes.Type(value = Block.Code.class, name = "code"),
        @JsonSubTypes.Type(value = Block.Image.class, name = "image")})
@JsonInclude(JsonInclude.Include.ALWAYS)
public sealed interface Block {

    /** A paragraph of plain text (no platform markup). */
    record Text(String text) implements Block {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Short name / value pairs, shown side by side where the platform can. */
    record Fields(List<Field> fields) implements Block {
        public Fields {
            fields = List.copyOf(fields);
        }
    }

    /** A table with a header row; every row has as many cells as there are columns. */
    record Table(List<String> columns, List<List<String>> rows) implements Block {
        public Table {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("row has " + row.size() + " cells, table has " + columns.size() + " columns");
                }
            }
        }
    }

    /** Preformatted text such as command output. */
    record Code(String text) implements Block {
        public Code {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A picture (PNG) such as a digest chart; {@code fileName} ends in {@code .png}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Image(String title, String fileName, byte[] png) implements Block {
        public Image {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(png, "png");
        }
    }

    /** A name / value pair. */
    record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}
