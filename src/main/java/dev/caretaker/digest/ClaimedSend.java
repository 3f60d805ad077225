package dev.caretaker.digest;

import dev.caretaker.chat.DeliveryException;
import dev.caretaker.config.ChannelAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * One scheduled run's transaction: claim the run, hand its message to the {@link DigestSink}, commit. Not claimed:
 * nothing is sent. A delivery that may work later rolls the claim back so the next tick tries again; one that
 * cannot ever work (unknown channel) keeps the claim, so it is not retried every 30 s.
 */
final class ClaimedSend {

    /** Claims the run on {@code tx}; empty when another replica or an earlier start has it. */
    @FunctionalInterface
    interface Claim<T> {
        Optional<T> claim(Connection tx) throws SQLException;
    }

    /** Sends the claimed run's message on {@code tx}. */
    @FunctionalInterface
    interface Send<T> {
        void send(Connection tx, T claimed) throws DeliveryException, SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedSend.class);

    private ClaimedSend() {
    }

    /** @param what names the run in logs and errors, e.g. "digest morning" */
    static <T> Optional<T> run(Connection tx, String what, ChannelAddress channel, Claim<T> claim, Send<T> send) {
        try (tx) {
            tx.setAutoCommit(false);
            try {
                Optional<T> claimed = claim.claim(tx);
                if (claimed.isEmpty()) {
                    tx.rollback();
                    return Optional.empty();
                }
                send.send(tx, claimed.get());
                tx.commit();
                return claimed;
            } catch (DeliveryException e) {
                if (e.permanent()) {
                    tx.commit();
                    LOG.error("{}: {} refused it for good: {}", what, channel, e.getMessage());
                } else {
                    tx.rollback();
                    LOG.warn("{}: {} did not take it ({}); trying again on the next tick", what, channel, e.getMessage());
                }
                return Optional.empty();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + ": the run could not be claimed", e);
        }
    }
}
