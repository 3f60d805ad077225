package dev.caretaker.backup;

import dev.caretaker.security.Argv;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL client programs for a server: {@code caretaker.backups.client-dir} when set, otherwise the
 * newest of Debian's {@code /usr/lib/postgresql/<major>/bin} and the {@code PATH}. {@code pg_dump} must be of the
 * server's major or newer (an older one cannot read a newer server's catalogue); a missing or too old client is one
 * sentence naming the package to install.
 */
@Singleton
public class PgTools {

    /** A directory of client programs and their major version. */
    public record Client(Path dir, int major, String version) {

        Path tool(String name) {
            return dir.resolve(name);
        }
    }

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(\\.\\d+)?");
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");

    private final Optional<Path> configured;
    private final Map<Path, Optional<Client>> seen = new ConcurrentHashMap<>();

    public PgTools(BackupConfig config) {
        this(config.clientDir());
    }

    PgTools(Optional<Path> configured) {
        this.configured = configured;
    }

    /**
     * The client to use with a server of {@code serverMajor}, having every program in {@code tools}.
     *
     * @throws BackupException missing or older than the server, with the package to install
     */
    public Client forServer(String target, int serverMajor, List<String> tools) throws BackupException {
        Optional<Client> newest = candidates().stream().map(this::probe).flatMap(Optional::stream)
                .max(Comparator.comparingInt(Client::major));
        if (newest.isEmpty()) {
            throw new BackupException(BackupMessages.clientMissing(tools.get(0), serverMajor, configured.isPresent()));
        }
        Client c = newest.get();
        if (c.major() < serverMajor) {
            throw new BackupException(BackupMessages.clientTooOld(tools.get(0), c.major(), target, serverMajor));
        }
        for (String tool : tools) {
            if (!Files.isExecutable(c.tool(tool))) {
                throw new BackupException(BackupMessages.clientMissing(tool, Math.max(serverMajor, c.major()),
                        configured.isPresent()));
            }
        }
        return c;
    }

    private List<Path> candidates() {
        if (configured.isPresent()) {
            return List.of(configured.get());
        }
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(DEBIAN)) {
            try (Stream<Path> majors = Files.list(DEBIAN)) {
                majors.map(m -> m.resolve("bin")).filter(Files::isDirectory).sorted().forEach(out::add);
            } catch (IOException e) {
                // unreadable: the PATH may still have one
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    out.add(Path.of(dir));
                }
            }
        }
        return out;
    }

    /** Asks {@code pg_dump --version} once per directory. */
    private Optional<Client> probe(Path dir) {
        return seen.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> {
            Path pgDump = d.resolve("pg_dump");
            if (!Files.isExecutable(pgDump)) {
                return Optional.empty();
            }
            try {
                Process p = Argv.builder(List.of(pgDump.toString(), "--version")).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                Matcher m = VERSION.matcher(out);
                if (!m.find()) {
                    return Optional.empty();
                }
                String version = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                return Optional.of(new Client(d, Integer.parseInt(m.group(1)), version));
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
    }
}
