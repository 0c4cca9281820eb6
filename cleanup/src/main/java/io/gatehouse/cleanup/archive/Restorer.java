package io.gatehouse.cleanup.archive;

import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.Batch;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Puts a generation's rows back into its source. Each part is downloaded to a scratch file and its SHA-256 checked
 * against the manifest before a single row is written; the source's restore is idempotent, so a rerun is harmless.
 */
public final class Restorer {
    /** How long S3 keeps a Glacier Flexible Retrieval or Deep Archive part readable after a restore request. */
    private static final int READABLE_DAYS = 7;
    /** Far above any row the sources write (a record is at most 64 KB of JSON before escaping). */
    static final int MAX_ROW_BYTES = 4 << 20;
    private final ArchiveStore store;
    private final Path scratch;
    private final JsonLog log;

    public Restorer(ArchiveStore store, Path scratch, JsonLog log) {
        this.store = store;
        this.scratch = scratch;
        this.log = log;
    }

    /** Restores one generation; false when some part is still in a Glacier class and a restore was requested. */
    public boolean restore(Manifest manifest, Batch batch, Totals totals) {
        for (Part part : manifest.parts()) {
            Path file;
            try {
                file = download(part);
            } catch (InvalidObjectStateException e) {
                store.requestRestore(part, READABLE_DAYS);
                log.warn("restore-requested", "batch", manifest.batch(), "part", part.key(),
                        "note", "in " + manifest.storageClass() + ": S3 makes it readable within hours; run restore again then");
                return false;
            }
            try {
                long rows = batch.restore(lines(file, part));
                totals.rows.addAndGet(rows);
                totals.bytes.addAndGet(part.bytes());
            } finally {
                delete(file);
            }
        }
        totals.batches.incrementAndGet();
        log.info("generation-restored", "batch", manifest.batch(), "generation", manifest.generation(), "rows", manifest.rows());
        return true;
    }

    private Path download(Part part) {
        Path file = null;
        try {
            file = Files.createTempFile(scratch, "restore-", ".ndjson.gz");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(store.open(part), sha256)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (!actual.equals(part.sha256())) {
                throw new IllegalStateException(part.key() + " does not match its manifest's SHA-256: nothing of it restored");
            }
            return file;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("cannot download " + part.key(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    /**
     * The rows of a downloaded part, read lazily and bounded: no row longer than {@value #MAX_ROW_BYTES} bytes, and
     * exactly the rows the manifest counts, so a part that inflates without end is refused, never read into memory.
     */
    static Iterator<String> lines(Path file, Part part) {
        try {
            InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
            return new Iterator<>() {
                private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
                private long rows;
                private String next = read();

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public String next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    String current = next;
                    next = read();
                    return current;
                }

                private String read() {
                    try {
                        line.reset();
                        int b;
                        while ((b = in.read()) >= 0 && b != '\n') {
                            if (line.size() == MAX_ROW_BYTES) {
                                throw refused("row " + (rows + 1) + " is longer than " + MAX_ROW_BYTES + " bytes");
                            }
                            line.write(b);
                        }
                        if (b < 0 && line.size() == 0) {
                            in.close();
                            if (rows != part.rows()) {
                                throw refused("it holds " + rows + " rows, its manifest says " + part.rows());
                            }
                            return null;
                        }
                        if (++rows > part.rows()) {
                            throw refused("it holds more rows than the " + part.rows() + " its manifest says");
                        }
                        return line.toString(StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + part.key(), e);
                    }
                }

                private IllegalStateException refused(String why) {
                    try {
                        in.close();
                    } catch (IOException e) {
                        // refused either way
                    }
                    return new IllegalStateException(part.key() + " is refused: " + why);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a scratch file; the temp folder is cleaned by the system
            }
        }
    }
}
