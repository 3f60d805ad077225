# Caretaker's image, built from source with nothing built beforehand:
#   docker build -f deploy/Dockerfile -t caretaker .          (from the repository root)
#   docker run -p 8080:8080 -e DATASOURCES_DEFAULT_URL=... -e SLACK_BOT_TOKEN=... caretaker
# Without DATASOURCES_DEFAULT_URL it runs the embedded PostgreSQL in /app/data (mount a volume there).
# The repository's .ci/run lints this file with dockerfilelint.

# The PostgreSQL major whose client (pg_dump, pg_restore, psql) the image carries: the embedded default's, and
# the server deploy/compose.yml runs. A client must be at least as new as the servers it dumps.
ARG PG_MAJOR=17

# ---- build: Maven, with a layer of dependencies that only changes with pom.xml -----------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
# Best effort: whatever go-offline misses (some plugins' own dependencies), package fetches below.
RUN mvn -B -q dependency:go-offline || true
COPY src ./src
# arm64 hosts get the arm64 build of the embedded PostgreSQL (TARGETARCH comes from BuildKit)
ARG TARGETARCH
# The AOT cache is trained below, in the runtime stage's own JRE (a cache only serves the JVM that wrote it); the
# trainer, the same one `mvn package` runs, is compiled here for it.
RUN if [ "${TARGETARCH:-amd64}" = "arm64" ]; then profile="-Plinux-arm64"; else profile=""; fi \
    && mvn -B -q -Dmaven.test.skip=true -Dcaretaker.aot.skip=true ${profile} package \
    && cp target/caretaker.jar /caretaker.jar \
    && javac -d /trainer src/build/java/dev/caretaker/build/AotTraining.java

# ---- runtime: a JRE, a PostgreSQL client from PostgreSQL's own apt repository, a user without privileges ---------
FROM eclipse-temurin:25-jre-noble
ARG PG_MAJOR
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="Caretaker" \
      org.opencontainers.image.description="Self-hosted ChatOps bot for the people who keep web applications running" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      dev.caretaker.postgresql-client.major="${PG_MAJOR}"

# postgresql-common ships the script that adds PostgreSQL's repository with its signing key; the distribution's
# own client is older than the servers people run. The script and its key go again once the client is in.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl postgresql-common \
    && sh /usr/share/postgresql-common/pgdg/apt.*.sh -y \
    && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
    && apt-get purge -y --auto-remove postgresql-common \
    && rm -f /etc/apt/sources.list.d/pgdg.sources \
    && rm -rf /var/lib/apt/lists/* \
    && pg_dump --version | grep -q " ${PG_MAJOR}\." \
    && groupadd --system --gid 10001 caretaker \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin caretaker \
    && mkdir -p /app/data \
    && chown -R 10001:10001 /app

WORKDIR /app
COPY --from=build --chown=10001:10001 /caretaker.jar /app/caretaker.jar
COPY --from=build --chown=10001:10001 /trainer /tmp/trainer
COPY --chown=10001:10001 commands /app/commands
COPY --chown=10001:10001 config /app/config
USER 10001:10001

# JDK 25's AOT cache: a training run (serve on the embedded default, answer /health, a few commands in the console,
# stop; src/build/java/dev/caretaker/build/AotTraining.java, as `mvn package` does) records the classes start-up loads
# and links; every later start maps them instead. It runs with the ENTRYPOINT's flags. A missing or stale cache
# (another jar, another JDK) only costs speed: -Xlog:aot*=off keeps the JVM's note about it out of the logs.
RUN java -cp /tmp/trainer dev.caretaker.build.AotTraining /app/caretaker.jar /app/caretaker.aot /tmp/aot-training \
        -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Xlog:aot*=off \
    && rm -rf /tmp/trainer /tmp/aot-training /tmp/embedded-pg

EXPOSE 8080
# The embedded PostgreSQL keeps its data here when no DATASOURCES_DEFAULT_URL is set.
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MICRONAUT_SERVER_PORT:-8080}/health/liveness" || exit 1
# Heap from the container's memory limit, a clean exit (and restart) on OutOfMemoryError, the AOT cache.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/caretaker.aot", "-Xlog:aot*=off", "-jar", "/app/caretaker.jar"]
