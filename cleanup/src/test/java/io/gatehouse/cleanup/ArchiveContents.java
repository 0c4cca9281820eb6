package io.gatehouse.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.s3.S3Server;
import io.gatehouse.stack.s3.S3Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** What the archive bucket holds, read straight from S3 (not through the job's code). */
final class ArchiveContents implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;
    private final String bucket;

    ArchiveContents(Stack stack) {
        this.s3 = S3Client.builder().endpointOverride(URI.create(stack.server(S3Server.class).settings().url())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Settings.of(stack.config()).accessKey(), S3Settings.of(stack.config()).secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                // A fresh connection per request: between tests this client idles while jobs run, and the JDK would
                // otherwise write a PUT's body to a kept-alive connection the server has closed meanwhile.
                .overrideConfiguration(override -> override.putHeader("Connection", "close")).build();
        this.bucket = S3Settings.of(stack.config()).bucket();
    }

    List<S3Object> objects(String prefix) {
        return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream().toList();
    }

    List<JsonNode> manifests(String prefix) {
        List<JsonNode> manifests = new ArrayList<>();
        for (S3Object object : objects(prefix)) {
            if (object.key().endsWith("/manifest.json")) {
                try {
                    manifests.add(JSON.readTree(s3.getObjectAsBytes(request -> request.bucket(bucket).key(object.key())).asByteArray()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return manifests;
    }

    /** Every row in every part listed by a manifest under the prefix (a row twice shows up twice). */
    List<String> archivedRows(String prefix) {
        List<String> rows = new ArrayList<>();
        for (JsonNode manifest : manifests(prefix)) {
            for (JsonNode part : manifest.get("parts")) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                        s3.getObject(request -> request.bucket(bucket).key(part.get("key").asText()))), StandardCharsets.UTF_8))) {
                    reader.lines().forEach(rows::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return rows;
    }

    /** JSON lines as trees, so that rows compare by content whatever the spacing. */
    static List<JsonNode> parsed(List<String> lines) {
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** Removes every object of the tenant's records archive, pending intents included. */
    void forgetRecordsOf(String tenant) {
        for (String prefix : List.of("_pending/records/" + tenant + "/", "records/" + tenant + "/")) {
            objects(prefix).forEach(object -> delete(object.key()));
        }
    }

    /** The object's bytes as stored. */
    byte[] bytes(String key) {
        return s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    /**
     * What someone with write access to the bucket could do: rewrites the rows of the first part under {@code manifestKey}
     * and the manifest's counts and checksums (and the digest stored beside the part) to match, so that every check
     * of bytes against the manifest passes.
     */
    void rewriteRows(String manifestKey, UnaryOperator<List<String>> edit) {
        try {
            ObjectNode manifest = (ObjectNode) JSON.readTree(bytes(manifestKey));
            ObjectNode part = (ObjectNode) manifest.get("parts").get(0);
            List<String> rows;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    new ByteArrayInputStream(bytes(part.get("key").asText()))), StandardCharsets.UTF_8))) {
                rows = edit.apply(new ArrayList<>(reader.lines().toList()));
            }
            ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
                for (String row : rows) {
                    out.write((row + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] content = gzipped.toByteArray();
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            long rowsBefore = part.get("rows").asLong();
            long bytesBefore = part.get("bytes").asLong();
            part.put("rows", rows.size()).put("bytes", content.length).put("sha256", sha256)
                    .put("md5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)));
            manifest.put("rows", manifest.get("rows").asLong() - rowsBefore + rows.size());
            manifest.put("bytes", manifest.get("bytes").asLong() - bytesBefore + content.length);
            delete(part.get("key").asText());
            s3.putObject(request -> request.bucket(bucket).key(part.get("key").asText()).metadata(Map.of("sha256", sha256)),
                    RequestBody.fromBytes(content));
            replace(manifestKey, JSON.writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the object, with its metadata, under another key. */
    void copy(String from, String to) {
        s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    void replace(String key, String content) {
        delete(key);
        put(key, content);
    }

    void put(String key, String content) {
        s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    void delete(String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    @Override
    public void close() {
        s3.close();
    }
}
