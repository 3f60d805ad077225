package dev.caretaker.probe.builtin;

import dev.caretaker.probe.Thresholds;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;

/** Opens a TCP connection to {@code host:port}; the connect time in milliseconds is judged. */
public final class TcpProbe extends BaseProbe {

    private final String host;
    private final int port;
    private final Thresholds latency;

    public TcpProbe(String target, Duration interval, Duration timeout, Clock clock, String host, int port,
                    Thresholds latency) {
        super(target, "tcp", interval, timeout, clock);
        this.host = host;
        this.port = port;
        this.latency = latency;
    }

    @Override
    Measurement measure() throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout().toMillis()));
        }
        double ms = Math.round((System.nanoTime() - start) / 100_000.0) / 10.0;
        return Measurement.judged(latency, ms, "ms", ProbeResultMessages.latencyLabel(what()));
    }

    @Override
    String what() {
        return host + ":" + port;
    }
}
