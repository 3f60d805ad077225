package dev.caretaker.backup;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
 * An object is streamed as a multipart upload with one part of {@code part-size} bytes in memory at a time (a small
 * object is one PUT at commit), and becomes visible only when the upload completes; an upload that fails or is
 * abandoned is aborted, so no half-written object is ever listed. Credentials come from config or the SDK's default
 * chain and are never printed: errors name the service's answer (status and S3 error code), not the request.
 */
final class S3Storage implements Storage, AutoCloseable {

    /** S3 allows at most this many parts in one multipart upload. */
    static final int MAX_PARTS = 10_000;
    private static final String BINARY = "application/octet-stream";

    private final StorageSpec.S3 spec;
    private final S3Client s3;
    /** Where errors say the bucket is: the bucket and the endpoint's host, never a key. */
    private final String where;

    S3Storage(StorageSpec.S3 spec) {
        this.spec = spec;
        this.where = "S3 bucket " + spec.bucket() + spec.endpoint().map(e -> " at " + e.getHost()).orElse("");
        AwsCredentialsProvider credentials = spec.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(spec.accessKeyId().get(),
                        spec.secretAccessKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                // the JDK's HttpURLConnection: no Netty or Apache client in the jar for one sync client
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)).build())
                .region(Region.of(spec.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(spec.pathStyle())
                // R2, MinIO and other S3-compatible services do not all take the SDK's newer default checksums;
                // every backup carries its own SHA-256, checked by verify
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
            throw failure(e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(r -> r.bucket(spec.bucket()).key(object(key)));
        } catch (NoSuchKeyException e) {
            // gone already: S3 answers 204 for a missing key, some compatible services 404
        } catch (SdkException e) {
            throw failure(e);
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
            // a HEAD answer has no body, so some services' 404 arrives without the NoSuchKey code
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) {
                return false;
            }
            throw failure(e);
        } catch (SdkException e) {
            throw failure(e);
        }
    }

    /** The service's answer as a phrase for a sentence; the exception (kept as the cause) goes to the log only. */
    IOException failure(SdkException e) {
        String phrase;
        if (e instanceof S3Exception s) {
            if (isNoSuchBucket(s)) {
                phrase = S3Messages.noSuchBucket(where);
            } else if (s.statusCode() == 403) {
                phrase = S3Messages.accessDenied(where);
            } else {
                phrase = S3Messages.answered(where, s.statusCode(),
                        s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode());
            }
        } else if (e instanceof SdkClientException && e.getMessage() != null
                && e.getMessage().startsWith("Unable to load credentials")) {
            phrase = S3Messages.noCredentials(spec.name());
        } else {
            phrase = S3Messages.unreachable(where);
        }
        return new IOException(phrase, e);
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Storage[" + spec + "]";
    }

    /**
     * One object being written: a part goes up each time the buffer fills (the writer waits meanwhile, which bounds
     * memory to one part); a small object is one PUT at commit.
     */
    private final class MultipartUpload implements Upload {

        private final String object;
        private final byte[] buffer = new byte[spec.partSize()];
        private final List<CompletedPart> parts = new ArrayList<>();
        /** What the backup writes to; closing it does nothing: the upload is committed or aborted by its owner. */
        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                buffer[filled++] = (byte) b;
                if (filled == buffer.length) {
                    sendPart();
                }
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
        };
        private int filled;
        private String uploadId;
        private boolean finished;

        MultipartUpload(String object) {
            this.object = object;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private RequestBody body() {
            int length = filled;
            // a new stream over the same bytes for each attempt: the SDK retries a part that failed in transit
            return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, BINARY);
        }

        private void sendPart() throws IOException {
            if (finished) {
                throw new IllegalStateException("written to after commit or abort: " + object);
            }
            int number = parts.size() + 1;
            if (number > MAX_PARTS) {
                throw new IOException(S3Messages.tooManyParts(spec.name(), MAX_PARTS, spec.partSize()));
            }
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(r -> r.bucket(spec.bucket()).key(object)
                            .contentType(BINARY)).uploadId();
                }
                long length = filled;
                String etag = s3.uploadPart(r -> r.bucket(spec.bucket()).key(object).uploadId(uploadId)
                        .partNumber(number).contentLength(length), body()).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw failure(e);
            }
        }

        @Override
        public void commit() throws IOException {
            try {
                if (uploadId == null) {
                    long length = filled;
                    s3.putObject(r -> r.bucket(spec.bucket()).key(object).contentLength(length).contentType(BINARY),
                            body());
                } else {
                    if (filled > 0) {
                        sendPart();
                    }
                    s3.completeMultipartUpload(r -> r.bucket(spec.bucket()).key(object).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                }
                finished = true;
            } catch (SdkException e) {
                throw failure(e);
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
                    // the parts are invisible either way; the bucket's lifecycle rule for incomplete multipart
                    // uploads removes them (docs/backups.md)
                }
            }
        }
    }
}
