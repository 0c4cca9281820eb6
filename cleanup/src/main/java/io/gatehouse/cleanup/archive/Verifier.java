package io.gatehouse.cleanup.archive;

import io.gatehouse.cleanup.report.JsonLog;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reconciles a source's manifests with its objects: every part a manifest lists exists with its size and checksums
 * (with {@code deep}, also re-read and recounted where the class allows reading), every part belongs to a manifest,
 * and pending intents are reported (a crashed run the next run finishes).
 */
public final class Verifier {
    private static final Set<String> READABLE = Set.of(StorageClass.STANDARD.toString(), StorageClass.STANDARD_IA.toString(),
            StorageClass.GLACIER_IR.toString());
    private final ArchiveStore store;
    private final JsonLog log;

    public Verifier(ArchiveStore store, JsonLog log) {
        this.store = store;
        this.log = log;
    }

    /** What verify found for one source. */
    public record Report(long manifests, long parts, long rows, List<String> problems, long pending) {
    }

    public Report verify(String source, boolean deep) {
        Set<String> manifestKeys = new TreeSet<>();
        Set<String> partKeys = new TreeSet<>();
        store.list(source + "/", (S3Object object) -> (object.key().endsWith("/manifest.json") ? manifestKeys : partKeys).add(object.key()));
        List<String> pendingFolders = new ArrayList<>();
        store.list(ArchiveKeys.PENDING + source + "/", object -> pendingFolders.add(object.key().substring(ArchiveKeys.PENDING.length())));
        List<String> problems = new ArrayList<>();
        long parts = 0;
        long rows = 0;
        for (String key : manifestKeys) {
            Manifest manifest;
            try {
                manifest = store.manifest(key).orElseThrow();
            } catch (InvalidManifest e) {
                problems.add(e.getMessage());
                continue;
            }
            rows += manifest.rows();
            for (Part part : manifest.parts()) {
                parts++;
                partKeys.remove(part.key());
                Optional<String> problem = store.check(part);
                if (problem.isEmpty() && deep && READABLE.contains(manifest.storageClass())) {
                    problem = reread(part);
                }
                problem.ifPresent(problems::add);
            }
        }
        // Parts of a generation whose intent is pending are a run's work in progress (or a crash's leftovers).
        partKeys.removeIf(key -> pendingFolders.stream().anyMatch(key::startsWith));
        partKeys.forEach(key -> problems.add(key + " belongs to no manifest"));
        problems.forEach(problem -> log.error("verify-problem", "source", source, "problem", problem));
        pendingFolders.forEach(folder -> log.warn("verify-pending", "source", source, "generation", folder,
                "note", "a run stopped here; the next archive or restore run finishes it"));
        log.info("verified-source", "source", source, "manifests", manifestKeys.size(), "parts", parts, "rows", rows,
                "problems", problems.size(), "pending", pendingFolders.size());
        return new Report(manifestKeys.size(), parts, rows, problems, pendingFolders.size());
    }

    private Optional<String> reread(Part part) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long lines = 0;
            try (InputStream raw = new DigestInputStream(store.open(part), sha256);
                 InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    for (int i = 0; i < read; i++) {
                        if (buffer[i] == '\n') {
                            lines++;
                        }
                    }
                }
                // Whatever the gzip reader left after its trailer, so that the digest covers every byte.
                raw.transferTo(OutputStream.nullOutputStream());
            }
            if (!HexFormat.of().formatHex(sha256.digest()).equals(part.sha256())) {
                return Optional.of(part.key() + ": its bytes do not match the manifest's SHA-256");
            }
            if (lines != part.rows()) {
                return Optional.of(part.key() + " holds " + lines + " rows, the manifest says " + part.rows());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(part.key() + " cannot be read back: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
