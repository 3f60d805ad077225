package dev.caretaker.target.postgres;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QueryTextTest {

    @Test
    void literalsAreHiddenAndWhitespaceCollapses() {
        assertEquals("SELECT * FROM users WHERE email = ? AND id > ? AND t2.x = $1",
                QueryText.redact("SELECT *\n  FROM users WHERE email = 'ann@example.com' AND id > 42 AND t2.x = $1"));
        assertEquals("UPDATE t SET secret = ?, note = ?", QueryText.redact("UPDATE t SET secret = E'p\\'w', note = $$it's$$"));
        assertEquals("SELECT ?", QueryText.redact("SELECT 'it''s'"));
    }

    @Test
    void longTextIsCutWithAnEllipsis() {
        String sql = "SELECT " + "column_name, ".repeat(20) + "x FROM t";
        String short1 = QueryText.shorten(sql, 40);
        assertEquals(40, short1.length());
        assertEquals('…', short1.charAt(39));
    }
}
