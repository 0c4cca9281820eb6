package io.gatehouse.cleanup.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gatehouse.cleanup.source.Scope;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one generation of a batch holds: its parts with their row counts and checksums, and the scope the source
 * needs to delete exactly those rows. Written after the parts; its presence is what makes a generation an archive.
 */
public record Manifest(String format, String source, String batch, int generation, Instant createdAt, String storageClass,
                       long rows, long bytes, List<Part> parts, Scope scope) {
    public static final String FORMAT = "gatehouse-archive/1";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");
    /** Strict: a field too many, too few or twice, or anything after the object, and the manifest is refused. */
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The manifest stored at {@code key}, parsed; not yet checked ({@link #problems}). */
    static Manifest parse(String key, InputStream in) throws IOException {
        try {
            return JSON.readValue(in, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidManifest(key, e.getOriginalMessage());
        }
    }

    byte[] json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with this manifest as the one stored at {@code key}; empty when nothing is. Nothing read from the
     * bucket is trusted: the manifest must name the batch and generation its key names, list at least one part, each
     * inside its own generation's folder in order, with counts that add up, and be dated no later than {@code now}.
     */
    public List<String> problems(String key, Instant now) {
        List<String> problems = new ArrayList<>();
        if (!FORMAT.equals(format)) {
            problems.add("format is " + format + ", not " + FORMAT);
        }
        if (batch == null || source == null || !batch.startsWith(source + "/") || generation < 1
                || !key.equals(ArchiveKeys.manifestKey(batch, generation))) {
            problems.add("it names batch " + batch + " generation " + generation + " of source " + source + ", not the ones its key names");
        }
        if (createdAt == null || createdAt.isAfter(now)) {
            problems.add("its date " + createdAt + " is not in the past");
        }
        if (parts == null || parts.isEmpty()) {
            problems.add("it lists no parts");
            return problems;
        }
        if (scope == null) {
            problems.add("it has no scope");
        }
        long partRows = 0;
        long partBytes = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            String expected = ArchiveKeys.partKey(batch, generation, i);
            if (!expected.equals(part.key())) {
                problems.add("part " + i + " is " + part.key() + ", not " + expected);
            }
            if (part.rows() < 0 || part.bytes() <= 0 || part.sha256() == null || !SHA256.matcher(part.sha256()).matches()
                    || part.md5() == null || !MD5.matcher(part.md5()).matches()) {
                problems.add("part " + i + " has invalid counts or checksums");
            }
            partRows += part.rows();
            partBytes += part.bytes();
        }
        if (partRows != rows || partBytes != bytes) {
            problems.add("its parts hold " + partRows + " rows in " + partBytes + " bytes, it says " + rows + " in " + bytes);
        }
        return problems;
    }
}
