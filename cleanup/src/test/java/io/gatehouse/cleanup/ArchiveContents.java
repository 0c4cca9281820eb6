package io.gatehouse.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.stack.Stack;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** What the archive bucket holds, read straight from S3 (not through the job's code). */
final class ArchiveContents implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;
    private final String bucket;

    ArchiveContents(Stack stack) {
        this.s3 = S3Client.builder().endpointOverride(URI.create(stack.s3Endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.config().s3AccessKey(), stack.config().s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.bucket = stack.config().s3Bucket();
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
