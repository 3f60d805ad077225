package dev.caretaker.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of the image without a container engine (none runs on these machines; {@code .ci/run} lints
 * the Dockerfile with dockerfilelint): it builds from source in a stage of its own, runs as a user without
 * privileges, checks its liveness, starts from the AOT cache, and carries the PostgreSQL client of the embedded
 * default's major, the same major the Compose file's server runs.
 */
class DockerfileTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void dockerBuildFromTheRootBuildsTheSameImage() throws IOException {
        assertEquals(Files.readString(REPO.resolve("deploy/Dockerfile")), Files.readString(REPO.resolve("Dockerfile")),
                "`docker build .` uses ./Dockerfile: keep it a copy of deploy/Dockerfile (cp deploy/Dockerfile .)");
        String ignore = Files.readString(REPO.resolve(".dockerignore"));
        for (String kept : List.of("target", "data", ".git")) {
            assertTrue(ignore.lines().anyMatch(kept::equals), kept + " stays out of the build context");
        }
    }

    @Test
    void itBuildsFromSourceAndRunsWithoutPrivileges() throws IOException {
        String docker = Files.readString(REPO.resolve("deploy/Dockerfile"));
        List<String> from = docker.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, from.size(), "a build stage and a runtime stage: " + from);
        assertTrue(from.get(0).contains(" AS build"), from.get(0));
        assertTrue(from.get(1).contains("-jre"), "a JRE, not a JDK, at run time: " + from.get(1));
        assertTrue(docker.indexOf("COPY pom.xml") < docker.indexOf("dependency:go-offline")
                && docker.indexOf("dependency:go-offline") < docker.indexOf("COPY src"),
                "dependencies in a layer of their own, before the sources");
        assertTrue(docker.contains("COPY --from=build"), "the jar comes from the build stage, nothing built beforehand");
        for (Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(?:--chown=\\S+ )?(\\S+) ").matcher(docker); copy.find(); ) {
            assertTrue(Files.exists(REPO.resolve(copy.group(1))), "COPY " + copy.group(1));
        }
        Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(docker);
        assertTrue(user.find());
        assertTrue(user.group(1).matches("[1-9]\\d*:[1-9]\\d*"), "a numeric user, so Kubernetes can check runAsNonRoot: "
                + user.group(1));
        assertTrue(docker.contains("/health/liveness"), "HEALTHCHECK on the liveness endpoint");
        assertTrue(Pattern.compile("(?m)^HEALTHCHECK ").matcher(docker).find());
        for (String label : List.of("title", "description", "version", "revision", "source", "licenses")) {
            assertTrue(docker.contains("org.opencontainers.image." + label + "="), "OCI label " + label);
        }
    }

    @Test
    void itStartsFromTheAotCacheWithContainerFlags() throws IOException {
        String docker = Files.readString(REPO.resolve("deploy/Dockerfile"));
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(docker);
        assertTrue(entry.find());
        String flags = entry.group(1);
        for (String flag : List.of("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/caretaker.aot",
                "-Xlog:aot*=off", "\"-jar\", \"/app/caretaker.jar\"")) {
            assertTrue(flags.contains(flag), flag + " in " + flags);
        }
        assertTrue(docker.contains("dev.caretaker.build.AotTraining /app/caretaker.jar /app/caretaker.aot"),
                "the training run mvn package does writes the cache");
        assertTrue(docker.indexOf("dev.caretaker.build.AotTraining /app") > docker.indexOf("USER "),
                "trained as the user that runs it (the embedded PostgreSQL refuses root)");
        assertFalse(flags.contains("JAVA_TOOL_OPTIONS"), "the launcher would print a line that is not JSON");
    }

    @Test
    void thePostgresqlClientIsTheEmbeddedDefaultsMajor() throws IOException {
        String docker = Files.readString(REPO.resolve("deploy/Dockerfile"));
        Matcher arg = Pattern.compile("(?m)^ARG PG_MAJOR=(\\d+)$").matcher(docker);
        assertTrue(arg.find());
        String major = arg.group(1);
        Matcher embedded = Pattern.compile("<postgres.binaries.version>(\\d+)\\.").matcher(Files.readString(REPO.resolve("pom.xml")));
        assertTrue(embedded.find());
        assertEquals(embedded.group(1), major, "PG_MAJOR is the embedded PostgreSQL's major (pom.xml)");
        assertTrue(docker.contains("/usr/share/postgresql-common/pgdg/apt.*.sh"), "PostgreSQL's own repository");
        assertTrue(docker.contains("\"postgresql-client-${PG_MAJOR}\""));
        assertTrue(Files.readString(REPO.resolve("deploy/compose.yml")).contains("image: postgres:" + major + "\n"),
                "the Compose file's server is that major too");
    }
}
