package dev.caretaker.backup;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Backups in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) through the AWS SDK v2 on the JDK's HTTP client.
 * An object is streamed as a multipart upload, one part of {@code part-size} bytes in memory at a time (a small
 * object is one PUT), and becomes visible only when the upload completes; a failed upload is aborted. Credentials
 * come from config or the SDK's default chain and are never printed.
 */
final class S3Storage implements Storage, AutoCloseable {

    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    private final StorageSpec.S3 spec;
    private final S3Client s3;

    S3Storage(StorageSpec.S3 spec) {
        this.spec = spec;
        AwsCredentialsProvider credentials = spec.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(spec.accessKeyId().get(),
                spec.secretAccessKey().orElse("")))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)).build())
                .region(Region.of(spec.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(spec.pathStyle())
                // R2, MinIO and other S3-compatible services do not all take the SDK's newer default checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        spec.endpoint().ifPresent(b::endpointOverride);
        this.s3 = b.build();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String describe() {
        return "s3://" + spec.bucket() + "/" + spec.prefix() + spec.endpoint().map(e -> " at " + e.getHost()).orElse("");
    }

    private String object(String key) {
        return spec.prefix() + key;
    }

    @Override
    public Upload create(String key) {
        return new MultipartUpload(object(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(spec.bucket()).key(object(key)));
        } catch (NoSuchKeyException e) {
            throw new FileNotFoundException(key);
        } catch (SdkException e) {
            throw new IOException(safe(e), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(spec.bucket()).key(object(key)));
        } catch (NoSuchKeyException e) {
            // gone already
        } catch (SdkException e) {
            throw new IOException(safe(e), e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(r -> r.bucket(spec.bucket()).key(object(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException(safe(e), e);
        } catch (SdkException e) {
            throw new IOException(safe(e), e);
        }
    }

    /** What the service said, short; the SDK's messages name the bucket and key, never the keys of the account. */
    static String safe(SdkException e) {
        if (e instanceof S3Exception s && s.awsErrorDetails() != null) {
            return s.statusCode() + " " + s.awsErrorDetails().errorCode();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + spec + "]";
    }

    /** One object being written: parts go up as the buffer fills; a small object is one PUT at commit. */
    private final class MultipartUpload extends OutputStream implements Upload {

        private final String object;
        private final byte[] buffer = new byte[spec.partSize()];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean finished;

        MultipartUpload(String object) {
            this.object = object;
        }

        @Override
        public OutputStream stream() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == buffer.length) {
                    sendPart();
                }
            }
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(spec.bucket()).key(object)).uploadId();
                }
                int number = parts.size() + 1;
                if (number > MAX_PARTS) {
                    throw new IOException(BackupMessages.s3TooManyParts(spec.name(), spec.partSize()));
                }
                int length = filled;
                String etag = s3.uploadPart(r -> r.bucket(spec.bucket()).key(object).uploadId(uploadId)
                        .partNumber(number).contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException(safe(e), e);
            }
        }

        @Override
        public void commit() throws IOException {
            try {
                if (uploadId == null) {
                    int length = filled;
                    s3.putObject(r -> r.bucket(spec.bucket()).key(object).contentLength((long) length),
                            RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                    "application/octet-stream"));
                } else {
                    if (filled > 0) {
                        sendPart();
                    }
                    s3.completeMultipartUpload(r -> r.bucket(spec.bucket()).key(object).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                }
                finished = true;
            } catch (SdkException e) {
                throw new IOException(safe(e), e);
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(r -> r.bucket(spec.bucket()).key(object).uploadId(uploadId));
                } catch (SdkException e) {
                    // the bucket's lifecycle rule for incomplete uploads cleans up (docs/backups.md)
                }
            }
        }

        @Override
        public void close() {
            abort();
        }
    }
}
