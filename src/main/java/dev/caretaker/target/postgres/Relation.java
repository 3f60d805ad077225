package dev.caretaker.target.postgres;

/**
 * A table or index found in {@code pg_catalog}: {@code quoted} is its schema-qualified name quoted by the
 * server ({@code quote_ident}), the only form that is ever put into SQL text; {@code display} is for people.
 */
public record Relation(long oid, String quoted, String display, char kind) {

    public boolean isIndex() {
        return kind == 'i' || kind == 'I';
    }

    public boolean isPartitioned() {
        return kind == 'p' || kind == 'I';
    }
}
