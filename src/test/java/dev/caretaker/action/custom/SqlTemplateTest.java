package dev.caretaker.action.custom;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlTemplateTest {

    @Test
    void placeholdersOutsideQuotesBecomeParametersInOrder() {
        SqlTemplate t = SqlTemplate.parse("SELECT * FROM t WHERE a = {x} AND b = '{y}' AND c = {x} AND d ? 'k'");
        assertEquals("SELECT * FROM t WHERE a = ? AND b = '{y}' AND c = ? AND d ?? 'k'", t.jdbc());
        assertEquals(List.of("x", "x"), t.placeholders());
        assertFalse(t.multiple());
    }

    @Test
    void aSecondStatementIsDetectedButATrailingSemicolonOrCommentIsNot() {
        assertTrue(SqlTemplate.parse("SELECT 1; DROP TABLE t").multiple());
        assertTrue(SqlTemplate.parse("SELECT 1; COMMIT").multiple());
        assertFalse(SqlTemplate.parse("SELECT ';' AS semi; -- done\n").multiple());
        assertFalse(SqlTemplate.parse("SELECT $$a;b$$ /* ; */ ;").multiple());
        assertEquals("SELECT 1", SqlTemplate.parse("SELECT 1;").jdbc());
    }
}
