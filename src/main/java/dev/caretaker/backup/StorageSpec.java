package dev.caretaker.backup;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** Where backups are kept, as configured under {@code caretaker.backups.storages.<name>}. */
public sealed interface StorageSpec {

    String name();

    /** A directory on this machine (default {@code data/backups}). */
    record Local(String name, Path directory) implements StorageSpec {
    }

    /**
     * An S3-compatible bucket: AWS S3, Cloudflare R2, MinIO, … With no keys configured, the AWS SDK's default chain
     * finds them (environment, profile, instance role). Never printed.
     *
     * @param endpoint  the service's URL; empty for AWS S3 itself
     * @param pathStyle bucket in the path rather than the host name (MinIO, and R2 when preferred)
     * @param partSize  bytes per part of a multipart upload: what is held in memory while a backup streams
     */
    record S3(String name, String bucket, String prefix, Optional<URI> endpoint, String region, boolean pathStyle,
              Optional<String> accessKeyId, Optional<String> secretAccessKey, int partSize) implements StorageSpec {

        @Override
        public String toString() {
            return "S3[" + name + ", s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse("")
                    + ", keys=" + (accessKeyId.isPresent() ? "configured" : "default chain") + "]";
        }
    }
}
