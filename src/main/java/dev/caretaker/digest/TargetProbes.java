package dev.caretaker.digest;

import dev.caretaker.probe.ProbeResult;
import dev.caretaker.probe.ProbeStatus;
import dev.caretaker.reply.Messages;
import dev.caretaker.target.TargetSpec;
import dev.caretaker.target.Targets;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes the configured {@code http}, {@code tls} and {@code disk} targets for the digest, many at a time.
 * A stand-in until the probe catalogue and runner of the alerts capability replace it (see {@link ProbeSource}).
 * Thresholds are the runbooks': response time over 500 ms warns and over 2 s is critical; disk over 80 % warns
 * and over 90 % is critical; a certificate within 30 days warns and within 7 days is critical.
 */
@Singleton
@Secondary
public class TargetProbes implements ProbeSource, AutoCloseable {

    static final Duration SLOW = Duration.ofMillis(500);
    static final Duration TOO_SLOW = Duration.ofSeconds(2);

    private final Targets targets;
    private final Clock clock;
    private final Duration timeout;
    private final ExecutorService pool;
    private final HttpClient http;

    public TargetProbes(Targets targets, Clock clock,
                        @Value("${caretaker.digest.probe-concurrency:32}") int concurrency,
                        @Value("${caretaker.digest.probe-timeout:5s}") Duration timeout) {
        this.targets = targets;
        this.clock = clock;
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, concurrency), r -> {
            Thread t = new Thread(r, "caretaker-digest-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // not the probe pool: probe threads block in send() while the client's own tasks must still run
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public List<ProbeResult> runAll() {
        return probe(List.of("http", "tls", "disk"));
    }

    @Override
    public List<ProbeResult> run(String probe) {
        return switch (probe) {
            case "http" -> probe(List.of("http"));
            case "tls-expiry" -> probe(List.of("tls"));
            case "disk" -> probe(List.of("disk"));
            default -> List.of();
        };
    }

    private List<ProbeResult> probe(List<String> types) {
        List<Callable<ProbeResult>> work = new ArrayList<>();
        for (String type : types) {
            for (String name : targets.names(type)) {
                TargetSpec spec = targets.spec(name).orElseThrow();
                work.add(() -> probe(spec));
            }
        }
        List<Future<ProbeResult>> futures = new ArrayList<>();
        for (Callable<ProbeResult> c : work) {
            futures.add(pool.submit(c));
        }
        List<ProbeResult> out = new ArrayList<>(futures.size());
        for (Future<ProbeResult> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while probing targets", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
            }
        }
        return out;
    }

    ProbeResult probe(TargetSpec spec) {
        return switch (spec.type()) {
            case "http" -> http(spec);
            case "tls" -> tls(spec);
            default -> disk(spec);
        };
    }

    private ProbeResult http(TargetSpec spec) {
        Instant at = clock.instant();
        String url = spec.string("url").orElse("");
        long start = System.nanoTime();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            int code = response.statusCode();
            ProbeStatus status = code >= 400 ? ProbeStatus.CRITICAL
                    : took.compareTo(TOO_SLOW) > 0 ? ProbeStatus.CRITICAL
                    : took.compareTo(SLOW) > 0 ? ProbeStatus.WARN : ProbeStatus.OK;
            return new ProbeResult(spec.name(), "http", status, (double) took.toMillis(), "ms",
                    Messages.digestHttpAnswered(code), took, at);
        } catch (IllegalArgumentException e) {
            return new ProbeResult(spec.name(), "http", ProbeStatus.CRITICAL, null, "ms", Messages.digestBadUrl(),
                    Duration.ZERO, at);
        } catch (IOException e) {
            return new ProbeResult(spec.name(), "http", ProbeStatus.CRITICAL, null, "ms", Messages.digestUnreachable(),
                    Duration.ofNanos(System.nanoTime() - start), at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeResult(spec.name(), "http", ProbeStatus.CRITICAL, null, "ms", Messages.digestUnreachable(),
                    Duration.ofNanos(System.nanoTime() - start), at);
        }
    }

    private ProbeResult tls(TargetSpec spec) {
        Instant at = clock.instant();
        String host = spec.string("host").orElse("");
        int port = spec.string("port").map(Integer::parseInt).orElse(443);
        long start = System.nanoTime();
        CapturingTrust trust = new CapturingTrust();
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.setSSLParameters(sni(socket, host));
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (trust.leaf == null) {
                return new ProbeResult(spec.name(), "tls-expiry", ProbeStatus.CRITICAL, null, "days",
                        Messages.digestUnreachable(), Duration.ofNanos(System.nanoTime() - start), at);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Instant notAfter = trust.leaf.getNotAfter().toInstant();
        double days = Duration.between(at, notAfter).toHours() / 24.0;
        ProbeStatus status = days < 7 ? ProbeStatus.CRITICAL : days < 30 ? ProbeStatus.WARN : ProbeStatus.OK;
        if (!trust.trusted) {
            status = ProbeStatus.CRITICAL;
        }
        return new ProbeResult(spec.name(), "tls-expiry", status, Math.floor(days), "days",
                Messages.digestCertificateExpires(notAfter, trust.trusted), took, at);
    }

    private static javax.net.ssl.SSLParameters sni(SSLSocket socket, String host) {
        javax.net.ssl.SSLParameters p = socket.getSSLParameters();
        if (!host.matches("[0-9.:]+")) {
            p.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
        }
        return p;
    }

    private ProbeResult disk(TargetSpec spec) {
        Instant at = clock.instant();
        long start = System.nanoTime();
        try {
            FileStore store = Files.getFileStore(Path.of(spec.string("path").orElse(".")));
            double used = store.getTotalSpace() == 0 ? 0
                    : (store.getTotalSpace() - store.getUsableSpace()) * 100.0 / store.getTotalSpace();
            ProbeStatus status = used > 90 ? ProbeStatus.CRITICAL : used > 80 ? ProbeStatus.WARN : ProbeStatus.OK;
            return new ProbeResult(spec.name(), "disk", status, Math.round(used * 10) / 10.0, "%",
                    Messages.digestDiskFree(DigestFormat.bytes(store.getUsableSpace())),
                    Duration.ofNanos(System.nanoTime() - start), at);
        } catch (IOException | RuntimeException e) {
            return new ProbeResult(spec.name(), "disk", ProbeStatus.CRITICAL, null, "%", Messages.digestDiskUnreadable(),
                    Duration.ofNanos(System.nanoTime() - start), at);
        }
    }

    /**
     * Records the server's certificate and whether the platform's trust store accepts it, and lets the handshake
     * finish either way: the connection sends nothing and is closed at once, so an untrusted certificate is
     * still measured (and reported as untrusted) rather than hiding its expiry date.
     */
    private static final class CapturingTrust implements X509TrustManager {
        private volatile X509Certificate leaf;
        private volatile boolean trusted;

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            if (chain != null && chain.length > 0) {
                leaf = chain[0];
            }
            try {
                TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                f.init((java.security.KeyStore) null);
                for (TrustManager m : f.getTrustManagers()) {
                    if (m instanceof X509TrustManager x) {
                        x.checkServerTrusted(chain, authType);
                        trusted = true;
                    }
                }
            } catch (GeneralSecurityException e) {
                trusted = false;
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @PreDestroy
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
