package dev.caretaker.target.postgres;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresErrorsTest {

    /** What Hikari throws when every connection of the pool is taken for longer than the connect timeout. */
    private static final String EXHAUSTED = "caretaker-target-slow - Connection is not available, request timed out "
            + "after 5000ms (total=4, active=4, idle=0, waiting=8)";

    @Test
    void aPoolWhoseConnectionsAreAllTakenIsBusyNotUnreachable() {
        SQLTransientConnectionException full = new SQLTransientConnectionException(EXHAUSTED);
        assertEquals(PostgresException.Kind.BUSY, PostgresErrors.connecting("slow", full).kind());
        assertEquals(PostgresException.Kind.BUSY, PostgresErrors.running("slow", full).kind());
    }

    @Test
    void aPoolThatCannotReachTheServerIsUnreachable() {
        // when the server is down, the pool's timeout carries the failed connection attempt as its cause
        SQLTransientConnectionException down = new SQLTransientConnectionException(EXHAUSTED.replace("active=4",
                "active=0"), "08001", new ConnectException("Connection refused"));
        assertEquals(PostgresException.Kind.UNREACHABLE, PostgresErrors.connecting("slow", down).kind());
        assertEquals(PostgresException.Kind.UNREACHABLE, PostgresErrors.running("slow", down).kind());
    }
}
