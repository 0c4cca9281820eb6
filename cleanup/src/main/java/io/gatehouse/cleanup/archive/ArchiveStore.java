package io.gatehouse.cleanup.archive;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The archive bucket. Layout, for a batch {@code records/acme/2025-01}:
 * <pre>
 * records/acme/2025-01/g0001/part-00000.ndjson.gz   rows, in the configured Glacier class
 * records/acme/2025-01/g0001/manifest.json          counts and checksums (STANDARD: read by verify and restore)
 * _pending/records/acme/2025-01/g0001               intent: written first, removed once the source rows are gone
 * </pre>
 * Every object is written with {@code If-None-Match: *}, so nothing archived is ever overwritten.
 */
public final class ArchiveStore {
    private final S3Client s3;
    private final String bucket;
    private final StorageClass storageClass;

    public ArchiveStore(S3Client s3, String bucket, StorageClass storageClass) {
        this.s3 = s3;
        this.bucket = bucket;
        this.storageClass = storageClass;
    }

    public String bucket() {
        return bucket;
    }

    public StorageClass storageClass() {
        return storageClass;
    }

    /** Fails with a clear message when the bucket is missing or not ours to use. */
    public void checkBucket() {
        try {
            s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
        } catch (NoSuchBucketException e) {
            throw new IllegalStateException("S3 bucket " + bucket + " does not exist");
        } catch (S3Exception e) {
            throw new IllegalStateException(e.statusCode() == 404 ? "S3 bucket " + bucket + " does not exist"
                    : "S3 bucket " + bucket + " refused access (HTTP " + e.statusCode() + ")");
        }
    }

    /** Every key under a prefix, in key order. */
    public void list(String prefix, Consumer<S3Object> each) {
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().forEach(each);
    }

    /** The highest generation number any object of the batch carries (0 when none), manifests or leftovers alike. */
    int lastGeneration(String batchKey) {
        int[] last = {0};
        list(batchKey + "/g", object -> {
            String rest = object.key().substring(batchKey.length() + 2);
            int slash = rest.indexOf('/');
            if (slash > 0) {
                last[0] = Math.max(last[0], Integer.parseInt(rest.substring(0, slash)));
            }
        });
        return last[0];
    }

    void putIntent(String batchKey, int generation) {
        put(PutObjectRequest.builder().key(ArchiveKeys.intentKey(batchKey, generation)), RequestBody.empty(), () -> true);
    }

    void removeIntent(String batchKey, int generation) {
        s3.deleteObject(request -> request.bucket(bucket).key(ArchiveKeys.intentKey(batchKey, generation)));
    }

    void putPart(Part part, Path file) {
        put(PutObjectRequest.builder().key(part.key()).storageClass(storageClass)
                        .contentMD5(base64(part.md5())).checksumSHA256(base64(part.sha256()))
                        .metadata(Map.of("sha256", part.sha256(), "rows", Long.toString(part.rows()))),
                RequestBody.fromFile(file), () -> check(part).isEmpty());
    }

    void putManifest(Manifest manifest) {
        byte[] json = manifest.json();
        String key = ArchiveKeys.manifestKey(manifest.batch(), manifest.generation());
        put(PutObjectRequest.builder().key(key).contentType("application/json"), RequestBody.fromBytes(json),
                () -> Arrays.equals(json, s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray()));
    }

    /**
     * Writes only if the key is free. A refusal (412) is accepted when the object there is the one we meant to write:
     * the SDK retries a PUT whose response was lost, and the first attempt may have landed.
     */
    private void put(PutObjectRequest.Builder request, RequestBody body, BooleanSupplier alreadyOurs) {
        PutObjectRequest built = request.bucket(bucket).ifNoneMatch("*").build();
        try {
            s3.putObject(built, body);
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                if (alreadyOurs.getAsBoolean()) {
                    return;
                }
                throw new IllegalStateException("s3://" + bucket + "/" + built.key() + " already exists with other content: another run wrote it; nothing is overwritten");
            }
            throw e;
        } catch (SdkClientException e) {
            // No answer reached us, e.g. the server refused a retried PUT before reading its body (the 412 of an
            // object whose first attempt did land) and closed the connection: the object may be ours all the same.
            if (exists(built.key()) && alreadyOurs.getAsBoolean()) {
                return;
            }
            throw e;
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(request -> request.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Manifest> manifest(String batchKey, int generation) {
        return manifest(ArchiveKeys.manifestKey(batchKey, generation));
    }

    /**
     * The manifest stored at {@code key}, checked ({@link Manifest#problems}) before anything is done with it.
     *
     * @throws InvalidManifest when it is not JSON of a manifest, or not one that fits its key
     */
    public Optional<Manifest> manifest(String key) {
        Manifest manifest;
        try (InputStream in = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build())) {
            manifest = Manifest.parse(key, in);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
        List<String> problems = manifest.problems(key, Instant.now());
        if (!problems.isEmpty()) {
            throw new InvalidManifest(key, String.join("; ", problems));
        }
        return Optional.of(manifest);
    }

    /**
     * Checks a part as stored: its size, the SHA-256 we wrote beside it, and a checksum S3 computed itself (its
     * SHA-256 when it keeps one, else the ETag, which is the MD5 of a single-part upload). Empty when it matches.
     */
    public Optional<String> check(Part part) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(bucket).key(part.key()).checksumMode(ChecksumMode.ENABLED));
        } catch (NoSuchKeyException e) {
            return Optional.of(part.key() + " is missing");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.of(part.key() + " is missing");
            }
            throw e;
        }
        if (head.contentLength() != part.bytes()) {
            return Optional.of(part.key() + " has " + head.contentLength() + " bytes, the manifest says " + part.bytes());
        }
        if (!part.sha256().equals(head.metadata().get("sha256"))) {
            return Optional.of(part.key() + " carries another SHA-256 than the manifest's");
        }
        String serverChecksum = head.checksumSHA256();
        String etag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
        if (serverChecksum != null && !serverChecksum.isEmpty()) {
            if (!serverChecksum.equals(base64(part.sha256()))) {
                return Optional.of(part.key() + ": S3's SHA-256 differs from the manifest's");
            }
        } else if (etag.matches("[0-9a-f]{32}")) {
            if (!etag.equals(part.md5())) {
                return Optional.of(part.key() + ": S3's MD5 (ETag) differs from the manifest's");
            }
        } else {
            return Optional.of(part.key() + ": S3 returned neither a SHA-256 nor an MD5 ETag to check it by");
        }
        return Optional.empty();
    }

    /** The part's bytes; for Glacier Flexible Retrieval and Deep Archive only once a restore request has finished. */
    public InputStream open(Part part) {
        return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(part.key()).build());
    }

    /** Asks S3 to make an archived part readable for {@code days} (Glacier Flexible Retrieval, Deep Archive). */
    public void requestRestore(Part part, int days) {
        try {
            s3.restoreObject(RestoreObjectRequest.builder().bucket(bucket).key(part.key())
                    .restoreRequest(request -> request.days(days).glacierJobParameters(job -> job.tier(Tier.STANDARD))).build());
        } catch (S3Exception e) {
            // 409 RestoreAlreadyInProgress: asked before, nothing more to do.
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /** Removes objects a crashed run left in a generation that never got its manifest (they archive nothing). */
    void removeLeftovers(String batchKey, int generation) {
        List<String> keys = new ArrayList<>();
        list(ArchiveKeys.generationFolder(batchKey, generation), object -> keys.add(object.key()));
        keys.forEach(key -> s3.deleteObject(request -> request.bucket(bucket).key(key)));
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
