package dev.caretaker.support;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An S3 server in the test's own process (s3proxy over jclouds' in-memory "transient" store) on 127.0.0.1 and a free
 * port, with signed requests (AWS signature v2 or v4) under one key pair. The test reaches the stored objects directly
 * through {@link #objects(String)}, {@link #read} and {@link #replace}, as an operator with the bucket's console would.
 */
public final class TestS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "caretaker-test";
    /** A secret with the characters that break hand-made signing, and that no log or reply may show. */
    public static final String SECRET_KEY = "s3cr3t+with/slashes=and spaces";

    /** How jclouds names what a multipart upload in progress stores. */
    private static final String PARTS = ".mpus-";

    private final BlobStoreContext context;
    private final BlobStore store;
    private final S3Proxy proxy;

    public TestS3() {
        // by its metadata, not by the id "transient": looking an id up loads every provider s3proxy registers,
        // and its Azure one needs the Azure SDK the build leaves out (pom.xml)
        context = ContextBuilder.newBuilder(new TransientApiMetadata()).credentials("unused", "unused")
                .build(BlobStoreContext.class);
        store = context.getBlobStore();
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        try {
            proxy.start(); // Jetty's start returns once the connector listens
        } catch (Exception e) {
            context.close();
            throw new IllegalStateException("s3proxy did not start", e);
        }
    }

    /** Creates a bucket; answers its name. */
    public String bucket(String name) {
        store.createContainerInLocation(null, name);
        return name;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /**
     * Settings for a storage {@code name} in this server's bucket, path-style, with the keys; relative to
     * {@code caretaker.backups.storages.<name>}.
     */
    public Map<String, Object> storage(String name, String bucket, String prefix) {
        Map<String, Object> p = new HashMap<>();
        String k = "caretaker.backups.storages." + name + ".";
        p.put(k + "type", "s3");
        p.put(k + "bucket", bucket);
        p.put(k + "prefix", prefix);
        p.put(k + "endpoint", endpoint());
        p.put(k + "region", "us-east-1");
        p.put(k + "path-style", "true");
        p.put(k + "access-key-id", ACCESS_KEY);
        p.put(k + "secret-access-key", SECRET_KEY);
        return p;
    }

    /**
     * The names of the objects in a bucket, as a listing shows them: complete objects only, not the parts of multipart
     * uploads in progress (which jclouds keeps beside them as {@value #PARTS}... blobs, see {@link #partsInProgress}).
     */
    public List<String> objects(String bucket) {
        return all(bucket).stream().filter(n -> !n.startsWith(PARTS)).toList();
    }

    /** The parts of multipart uploads neither completed nor aborted. */
    public List<String> partsInProgress(String bucket) {
        return all(bucket).stream().filter(n -> n.startsWith(PARTS)).toList();
    }

    private List<String> all(String bucket) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            ListContainerOptions o = ListContainerOptions.Builder.recursive();
            if (marker != null) {
                o = o.afterMarker(marker);
            }
            var page = store.list(bucket, o);
            for (StorageMetadata m : page) {
                names.add(m.getName());
            }
            marker = page.getNextMarker();
        } while (marker != null);
        return names.stream().sorted().toList();
    }

    public byte[] read(String bucket, String name) {
        Blob blob = store.getBlob(bucket, name);
        if (blob == null) {
            throw new IllegalArgumentException("no object " + name + " in " + bucket);
        }
        try (InputStream in = blob.getPayload().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites an object behind Caretaker's back. */
    public void replace(String bucket, String name, byte[] bytes) {
        store.putBlob(bucket, store.blobBuilder(name).payload(bytes).contentLength(bytes.length).build());
    }

    @Override
    public void close() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }
}
