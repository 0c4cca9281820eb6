package io.gatehouse.cleanup.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes rows into a temporary gzip file while digesting the compressed bytes, so memory stays constant whatever
 * the batch size and the object's checksums are known before it is uploaded.
 */
final class PartWriter implements AutoCloseable {
    private final Path file;
    private final MessageDigest sha256;
    private final MessageDigest md5;
    private final CountingStream counted;
    private final GZIPOutputStream gzip;
    /** Rows gathered in front of the compressor: one deflate and checksum call per 64 KiB, not per row. */
    private final BufferedOutputStream rowsOut;
    private long rows;

    PartWriter(Path folder) throws IOException {
        this.file = Files.createTempFile(folder, "part-", ".ndjson.gz");
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.counted = new CountingStream(new DigestOutputStream(new DigestOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), sha256), md5));
        // The fastest level: archiving is bound by the compressor's CPU (docs/benchmarks.md compares the levels).
        this.gzip = new GZIPOutputStream(counted, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        this.rowsOut = new BufferedOutputStream(gzip, 1 << 16);
    }

    /** A row of {@code length} bytes of UTF-8 JSON, followed by a newline. */
    void write(byte[] utf8Json, int length) throws IOException {
        rowsOut.write(utf8Json, 0, length);
        rowsOut.write('\n');
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Compressed bytes written so far (lags the rows by the two buffers in front of the file). */
    long bytes() {
        return counted.count;
    }

    /** Finishes the file; the caller uploads it and then {@link #close()}s (deletes) it. */
    Part finish(String key) throws IOException {
        rowsOut.flush();
        gzip.finish();
        gzip.flush();
        counted.close();
        return new Part(key, rows, counted.count, HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(md5.digest()));
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            gzip.close();
        } catch (IOException e) {
            // already finished or failed; the file goes either way
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
