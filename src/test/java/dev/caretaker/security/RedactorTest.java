package dev.caretaker.security;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactorTest {

    private final Redactor redactor = new Redactor();

    @Test
    void platformTokensPasswordsAndUrlCredentialsAreMasked() {
        assertEquals("token ****", redactor.redact("token xoxb-1234567890-abcdefghij"));
        assertEquals("app ****", redactor.redact("app xapp-1-A0123-4567-abcdef"));
        assertEquals("password=**** user=bob", redactor.redact("password=hunter2 user=bob"));
        assertEquals("Authorization: Bearer ****", redactor.redact("Authorization: Bearer abcdefghijklmnop"));
        assertEquals("postgres://app:****@db:5432/x", redactor.redact("postgres://app:s3cret@db:5432/x"));
        assertEquals("API_KEY: ****", redactor.redact("API_KEY: 12345678"));
    }

    @Test
    void ordinaryTextIsLeftAlone() {
        String text = "VACUUM ANALYZE orders; 1200 dead tuples removed in 3.2 s";
        assertEquals(text, redactor.redact(text));
    }

    @Test
    void secretsNeverPrint() {
        assertEquals("****", Secret.of("xoxb-real").toString());
    }
}
