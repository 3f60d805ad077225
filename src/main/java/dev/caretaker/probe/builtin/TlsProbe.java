package dev.caretaker.probe.builtin;

import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.probe.Thresholds;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Days until the certificate a TLS endpoint presents expires (warn below 30, critical below 7). It reads the
 * certificate whether or not it is trusted here: expiry is what this probe watches, and an internal CA's
 * certificates expire too.
 */
public final class TlsProbe extends BaseProbe {

    private final String host;
    private final int port;
    private final Thresholds days;
    private final Clock clock;

    public TlsProbe(String target, Duration interval, Duration timeout, Clock clock, String host, int port,
                    Thresholds days) {
        super(target, "tls-expiry", interval, timeout, clock);
        this.host = host;
        this.port = port;
        this.days = days;
        this.clock = clock;
    }

    @Override
    Measurement measure() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[]{new ReadAnything()}, new SecureRandom());
        int millis = (int) Math.max(1, timeout().toMillis());
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new javax.net.ssl.SNIHostName(sniName(host))));
            socket.setSSLParameters(params);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            X509Certificate leaf = (X509Certificate) chain[0];
            Instant notAfter = leaf.getNotAfter().toInstant();
            double left = Duration.between(clock.instant(), notAfter).toHours() / 24.0;
            double shown = Math.floor(left * 10) / 10.0;
            ProbeStatus status = days.judge(shown);
            return new Measurement(status, shown, "days", ProbeResultMessages.tlsExpiry(what(), notAfter, shown,
                    days.describe(status, "days")));
        }
    }

    private static String sniName(String host) {
        // an IP address is not a valid SNI name; send a placeholder the server may ignore
        return host.matches("[0-9.]+|.*:.*") ? "localhost" : host;
    }

    @Override
    String what() {
        return host + ":" + port;
    }

    /** Accepts any chain: the probe reads the certificate, it does not vouch for it. */
    private static final class ReadAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the probe is a client only
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // expiry is judged after the handshake
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
