package io.gatehouse.backup.bucket;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The backup bucket. Layout, per node (a cluster's name and a node's host id):
 * <pre>
 * cassandra/gatehouse/3f0c…/files/9b74…e1                       a snapshot file, named by its SHA-256: stored once
 *                                                              however many backups hold it (SSTables never change)
 * cassandra/gatehouse/3f0c…/backups/2026-12-07T03-15-00Z/manifest.json   written last, never overwritten
 * </pre>
 */
public final class BackupStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final long partSize;

    /** @param partSize files larger than this go up in parts of this size (S3 takes at most 5 GiB in one PUT) */
    public BackupStore(S3Client s3, String bucket, String prefix, long partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.partSize = partSize;
    }

    /** Fails with a clear message when the bucket is missing or not ours to use. */
    public void checkBucket() {
        try {
            s3.headBucket(request -> request.bucket(bucket));
        } catch (NoSuchBucketException e) {
            throw new IllegalStateException("S3 bucket " + bucket + " does not exist");
        } catch (S3Exception e) {
            throw new IllegalStateException(e.statusCode() == 404 ? "S3 bucket " + bucket + " does not exist"
                    : "S3 bucket " + bucket + " refused access (HTTP " + e.statusCode() + ")");
        }
    }

    /** s3://bucket/prefix/cluster/host/, for messages. */
    public String where(Node node) {
        return "s3://" + bucket + "/" + folder(node);
    }

    /** True when the file is stored whole (its size; the digest is its name and is checked when it is read back). */
    public boolean hasFile(Node node, BackupManifest.File file) {
        try {
            return s3.headObject(request -> request.bucket(bucket).key(fileKey(node, file.sha256()))).contentLength() == file.size();
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Uploads a snapshot file under its digest, with S3 checking the bytes it receives against the SHA-256 (of the
     * whole file, or of each part). An object already there under that name holds the same bytes, or restore refuses it.
     */
    public void putFile(Node node, Path path, BackupManifest.File file) {
        String key = fileKey(node, file.sha256());
        if (file.size() <= partSize) {
            s3.putObject(request -> request.bucket(bucket).key(key).checksumSHA256(base64(file.sha256())), RequestBody.fromFile(path));
            return;
        }
        String upload = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0, number = 1; offset < file.size(); offset += partSize, number++) {
                // Each part is read from the file twice (its digest, then its upload) rather than held in memory: a part
                // is as large as the node tool's whole heap allows twice over.
                long start = offset;
                long length = Math.min(partSize, file.size() - offset);
                String checksum = Sha256.base64(Sha256.of(() -> region(path, start, length), path + " from byte " + start));
                int partNumber = (int) number;
                String etag = s3.uploadPart(request -> request.bucket(bucket).key(key).uploadId(upload).partNumber(partNumber)
                        .checksumSHA256(checksum), RequestBody.fromContentProvider(() -> region(path, start, length), length,
                        "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).checksumSHA256(checksum).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload)
                    .multipartUpload(done -> done.parts(parts)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(upload));
            throw e;
        }
    }

    /** {@code length} bytes of the file from {@code offset} on, as a stream of their own (S3 may ask again on a retry). */
    private static InputStream region(Path path, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ).position(offset);
            return new FilterInputStream(Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int read = super.read();
                    left -= read < 0 ? 0 : 1;
                    return read;
                }

                @Override
                public int read(byte[] buffer, int from, int count) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int read = super.read(buffer, from, (int) Math.min(count, left));
                    left -= Math.max(read, 0);
                    return read;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Writes the manifest only if no backup of that name exists: a backup is never overwritten. */
    public void putManifest(Node node, BackupManifest manifest) {
        byte[] json = manifest.json();
        s3.putObject(request -> request.bucket(bucket).key(manifestKey(node, manifest.name())).ifNoneMatch("*")
                .contentType("application/json").checksumSHA256(Sha256.base64(Sha256.digest().digest(json))),
                RequestBody.fromBytes(json));
    }

    /** The node's backups, oldest first. */
    public List<String> backupNames(Node node) {
        String backups = folder(node) + "backups/";
        List<String> names = new ArrayList<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(backups)).contents().forEach(object -> {
            String rest = object.key().substring(backups.length());
            if (rest.endsWith("/manifest.json")) {
                String name = rest.substring(0, rest.length() - "/manifest.json".length());
                if (BackupManifest.isBackupName(name)) {
                    names.add(name);
                }
            }
        });
        names.sort(null);
        return names;
    }

    /** The node's newest backup, if it has any. */
    public Optional<String> newest(Node node) {
        List<String> names = backupNames(node);
        return names.isEmpty() ? Optional.empty() : Optional.of(names.get(names.size() - 1));
    }

    /** Host ids that have backups in the cluster's folder. */
    public List<String> hosts(String cluster) {
        String folder = prefix + clusterFolder(cluster) + "/";
        List<String> hosts = new ArrayList<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(folder).delimiter("/")).commonPrefixes()
                .forEach(common -> hosts.add(common.prefix().substring(folder.length(), common.prefix().length() - 1)));
        return hosts;
    }

    /**
     * A backup's manifest, checked: valid ({@link BackupManifest#parse}) and about the node and backup its key names,
     * so a manifest copied into another node's folder is refused.
     */
    public BackupManifest manifest(Node node, String name) {
        String key = manifestKey(node, name);
        byte[] json;
        try (InputStream in = s3.getObject(request -> request.bucket(bucket).key(key))) {
            json = in.readNBytes((int) BackupManifest.MAX_BYTES + 1);
        } catch (NoSuchKeyException e) {
            throw new InvalidBackup("no backup " + name + " in " + where(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        }
        BackupManifest manifest = BackupManifest.parse(json, "s3://" + bucket + "/" + key);
        if (!manifest.name().equals(name) || !manifest.hostId().equals(node.hostId()) || !clusterFolder(manifest.cluster()).equals(clusterFolder(node.cluster()))) {
            throw new InvalidBackup("s3://" + bucket + "/" + key + " describes backup " + manifest.name() + " of host " + manifest.hostId()
                    + " in cluster " + manifest.cluster() + ", not the one its key names");
        }
        return manifest;
    }

    /**
     * Downloads a file to {@code target}, reading its digest as it comes; {@link InvalidBackup} when its size or
     * SHA-256 is not the manifest's (the partial file is removed).
     */
    public void download(Node node, BackupManifest.File file, Path target) {
        String key = fileKey(node, file.sha256());
        MessageDigest digest = Sha256.digest();
        long size;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(request -> request.bucket(bucket).key(key));
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            if (in.response().contentLength() != file.size()) {
                throw new InvalidBackup("s3://" + bucket + "/" + key + " (" + file.name() + ") has " + in.response().contentLength()
                        + " bytes, the manifest says " + file.size());
            }
            size = new DigestInputStream(in, digest).transferTo(out);
        } catch (NoSuchKeyException e) {
            throw new InvalidBackup("s3://" + bucket + "/" + key + " (" + file.name() + ") is missing");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download s3://" + bucket + "/" + key + " to " + target, e);
        } catch (InvalidBackup e) {
            deleteQuietly(target);
            throw e;
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (size != file.size() || !actual.equals(file.sha256())) {
            deleteQuietly(target);
            throw new InvalidBackup("s3://" + bucket + "/" + key + " (" + file.name() + ") does not hold what the manifest says: "
                    + size + " bytes with SHA-256 " + actual);
        }
    }

    /** Every stored file of the node: digest to when it was written. */
    public Map<String, Instant> files(Node node) {
        String files = folder(node) + "files/";
        Map<String, Instant> found = new TreeMap<>();
        s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(files)).contents()
                .forEach(object -> found.put(object.key().substring(files.length()), object.lastModified()));
        return found;
    }

    public void deleteFile(Node node, String sha256) {
        s3.deleteObject(request -> request.bucket(bucket).key(fileKey(node, sha256)));
    }

    public void deleteManifest(Node node, String name) {
        s3.deleteObject(request -> request.bucket(bucket).key(manifestKey(node, name)));
    }

    private String folder(Node node) {
        return prefix + clusterFolder(node.cluster()) + "/" + node.hostId() + "/";
    }

    private String fileKey(Node node, String sha256) {
        return folder(node) + "files/" + sha256;
    }

    private String manifestKey(Node node, String name) {
        return folder(node) + "backups/" + name + "/manifest.json";
    }

    /** A cluster's name as a key segment: Cassandra allows any text, S3 keys are better off plain. */
    static String clusterFolder(String cluster) {
        return cluster.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a leftover in the scratch folder, which restore removes as a whole
        }
    }

    private static String base64(String hex) {
        return Sha256.base64(HexFormat.of().parseHex(hex));
    }

    /** Which node's folder: its cluster's name and its host id. */
    public record Node(String cluster, String hostId) {
    }
}
