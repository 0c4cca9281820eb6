package io.gatehouse.cleanup.archive;

import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.Batch;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.Scope;
import io.gatehouse.cleanup.source.Source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Archives one batch at a time, in an order that survives a crash between any two steps:
 * <ol>
 * <li>an intent object names the new generation ({@code _pending/...});</li>
 * <li>the rows are streamed into parts, each uploaded as soon as it is full;</li>
 * <li>the manifest is written: from now on the generation is an archive;</li>
 * <li>every part is checked in S3 (size and checksums);</li>
 * <li>the source deletes exactly the rows in the manifest's scope;</li>
 * <li>the intent is removed.</li>
 * </ol>
 * Whoever takes the source's lease next first finishes every intent it finds ({@link Recovery}).
 * Objects are never overwritten, so two runs cannot both archive a generation.
 */
public final class Archiver {
    private final ArchiveStore store;
    private final Path scratch;
    private final long partBytes;
    private final JsonLog log;

    public Archiver(ArchiveStore store, Path scratch, long partBytes, JsonLog log) {
        this.store = store;
        this.scratch = scratch;
        this.partBytes = partBytes;
        this.log = log;
    }

    /** Archives, verifies and deletes one batch (all steps above). */
    public void archive(Source source, Batch batch, Lease lease, Totals totals) {
        String key = batch.key().toString();
        int generation = store.lastGeneration(key) + 1;
        store.putIntent(key, generation);
        log.info("intent-written", "source", source.name(), "batch", key, "generation", generation);
        List<Part> parts = new ArrayList<>();
        Scope scope;
        PartWriter[] current = {null};
        try {
            scope = batch.read((line, length) -> {
                if (current[0] == null) {
                    current[0] = new PartWriter(scratch);
                }
                current[0].write(line, length);
                if (current[0].bytes() >= partBytes) {
                    parts.add(upload(current[0], key, generation, parts.size(), totals));
                    current[0].close();
                    current[0] = null;
                }
            });
            // A batch without rows (empty bucket entries) still gets one, empty, part: a manifest never lists none.
            if (current[0] == null && parts.isEmpty()) {
                current[0] = new PartWriter(scratch);
            }
            if (current[0] != null) {
                parts.add(upload(current[0], key, generation, parts.size(), totals));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (current[0] != null) {
                current[0].close();
            }
        }
        long rows = parts.stream().mapToLong(Part::rows).sum();
        Manifest manifest = new Manifest(Manifest.FORMAT, source.name(), key, generation, Instant.now(), store.storageClass().toString(),
                rows, parts.stream().mapToLong(Part::bytes).sum(), parts, scope);
        store.putManifest(manifest);
        log.info("manifest-written", "source", source.name(), "batch", key, "generation", generation, "rows", rows);
        Recovery.verify(store, manifest);
        log.info("verified", "source", source.name(), "batch", key, "generation", generation);
        long deleted = Recovery.deleteArchived(batch, manifest, lease);
        totals.deleted.addAndGet(deleted);
        log.info("source-deleted", "source", source.name(), "batch", key, "generation", generation, "deleted", deleted);
        store.removeIntent(key, generation);
        totals.batches.incrementAndGet();
        log.info("batch-archived", "source", source.name(), "batch", key, "generation", generation, "rows", rows,
                "bytes", manifest.bytes(), "parts", parts.size());
    }

    private Part upload(PartWriter writer, String batchKey, int generation, int index, Totals totals) throws IOException {
        Part part = writer.finish(ArchiveKeys.partKey(batchKey, generation, index));
        store.putPart(part, writer.file());
        totals.rows.addAndGet(part.rows());
        totals.bytes.addAndGet(part.bytes());
        log.info("part-uploaded", "batch", batchKey, "generation", generation, "part", part.key(), "rows", part.rows(), "bytes", part.bytes());
        return part;
    }
}
