package dev.caretaker.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.caretaker.security.Redactor;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The encoder of logback.xml's appender in both formats: it masks secrets ({@link Redactor}'s patterns, Discord
 * interaction tokens in JSON included) in each line's message and exception messages, then hands the line to the
 * format's own encoder (the plain pattern or Logback's JsonEncoder). Libraries log before Caretaker's code sees
 * anything: JDA writes a whole INTERACTION_CREATE payload, token and all, when it cannot parse one. The line is kept;
 * only the secret goes.
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

    private final Redactor redactor = new Redactor();
    private Encoder<ILoggingEvent> encoder;

    /** The format's encoder, nested in logback.xml. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("RedactingEncoder needs a nested <encoder> for the format");
            return;
        }
        if (!encoder.isStarted()) {
            encoder.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (encoder != null) {
            encoder.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return encoder.encode(masked(event));
    }

    /** The event itself when nothing in it needs masking (the usual case), else a copy with the secrets masked. */
    ILoggingEvent masked(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        String redacted = redactor.redact(message);
        IThrowableProxy thrown = event.getThrowableProxy();
        IThrowableProxy maskedThrown = thrown == null || !needsMasking(thrown, 0) ? thrown : new MaskedThrowable(thrown);
        if (Objects.equals(message, redacted) && maskedThrown == thrown) {
            return event;
        }
        return new MaskedEvent(event, redacted, maskedThrown);
    }

    private boolean needsMasking(IThrowableProxy t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        String m = t.getMessage();
        if (m != null && !m.equals(redactor.redact(m))) {
            return true;
        }
        if (needsMasking(t.getCause(), depth + 1)) {
            return true;
        }
        IThrowableProxy[] suppressed = t.getSuppressed();
        if (suppressed != null) {
            for (IThrowableProxy s : suppressed) {
                if (needsMasking(s, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An event whose message is already formatted and masked; everything else is the original's. */
    private record MaskedEvent(ILoggingEvent event, String message, IThrowableProxy thrown) implements ILoggingEvent {

        @Override
        public String getThreadName() {
            return event.getThreadName();
        }

        @Override
        public Level getLevel() {
            return event.getLevel();
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public Object[] getArgumentArray() {
            return null;   // the arguments are in the masked message; on their own they would show the secret
        }

        @Override
        public String getFormattedMessage() {
            return message;
        }

        @Override
        public String getLoggerName() {
            return event.getLoggerName();
        }

        @Override
        public LoggerContextVO getLoggerContextVO() {
            return event.getLoggerContextVO();
        }

        @Override
        public IThrowableProxy getThrowableProxy() {
            return thrown;
        }

        @Override
        public StackTraceElement[] getCallerData() {
            return event.getCallerData();
        }

        @Override
        public boolean hasCallerData() {
            return event.hasCallerData();
        }

        @Override
        public List<Marker> getMarkerList() {
            return event.getMarkerList();
        }

        @Override
        public Map<String, String> getMDCPropertyMap() {
            return event.getMDCPropertyMap();
        }

        @Override
        @SuppressWarnings("deprecation")
        public Map<String, String> getMdc() {
            return event.getMdc();
        }

        @Override
        public long getTimeStamp() {
            return event.getTimeStamp();
        }

        @Override
        public int getNanoseconds() {
            return event.getNanoseconds();
        }

        @Override
        public Instant getInstant() {
            return event.getInstant();
        }

        @Override
        public long getSequenceNumber() {
            return event.getSequenceNumber();
        }

        @Override
        public List<KeyValuePair> getKeyValuePairs() {
            return event.getKeyValuePairs();
        }

        @Override
        public void prepareForDeferredProcessing() {
            event.prepareForDeferredProcessing();
        }
    }

    /** An exception (and its causes and suppressed ones) with masked messages and the same frames. */
    private final class MaskedThrowable implements IThrowableProxy {

        private final IThrowableProxy thrown;

        MaskedThrowable(IThrowableProxy thrown) {
            this.thrown = thrown;
        }

        @Override
        public String getOverridingMessage() {
            return redactor.redact(thrown.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return redactor.redact(thrown.getMessage());
        }

        @Override
        public String getClassName() {
            return thrown.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return thrown.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return thrown.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy cause = thrown.getCause();
            return cause == null ? null : new MaskedThrowable(cause);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = thrown.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                out[i] = new MaskedThrowable(suppressed[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return thrown.isCyclic();
        }
    }
}
