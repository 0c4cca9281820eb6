package io.gatehouse.cleanup.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.Batch;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.Source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
 * Whoever takes the source's lease next first finishes every intent it finds ({@link #resume}): with a manifest,
 * verify and delete; without one, the parts are leftovers (the rows are still in the source) and are removed.
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

    /**
     * Finishes what crashed runs left of this source. Returns the batches whose pending generation could not be
     * finished (an object fails verification, say): their rows stay, and this run leaves those batches alone.
     */
    public Set<String> resume(Source source, Lease lease, Totals totals) {
        List<String> intents = new ArrayList<>();
        store.list(ArchiveStore.PENDING + source.name() + "/", object -> intents.add(object.key()));
        Set<String> stuck = new TreeSet<>();
        for (String intent : intents) {
            String folder = intent.substring(ArchiveStore.PENDING.length(), intent.length() - 1);
            int slash = folder.lastIndexOf('/');
            String batchKey = folder.substring(0, slash);
            int generation = Integer.parseInt(folder.substring(slash + 2));
            try {
                Optional<Manifest> manifest = store.manifest(batchKey, generation);
                if (manifest.isPresent()) {
                    verify(manifest.get());
                    long deleted = deleteArchived(source.batch(batchKey), manifest.get(), lease);
                    totals.deleted.addAndGet(deleted);
                    store.removeIntent(batchKey, generation);
                    log.info("resumed", "source", source.name(), "batch", batchKey, "generation", generation, "deleted", deleted);
                } else {
                    store.removeLeftovers(batchKey, generation);
                    store.removeIntent(batchKey, generation);
                    log.info("discarded-incomplete", "source", source.name(), "batch", batchKey, "generation", generation);
                }
                totals.resumed.incrementAndGet();
            } catch (RuntimeException e) {
                stuck.add(batchKey);
                totals.failedBatches.incrementAndGet();
                log.error("resume-failed", "source", source.name(), "batch", batchKey, "generation", generation, "error", e.getMessage());
            }
        }
        return stuck;
    }

    /** Archives, verifies and deletes one batch (all steps above). */
    public void archive(Source source, Batch batch, Lease lease, Totals totals) {
        String key = batch.key();
        int generation = store.lastGeneration(key) + 1;
        store.putIntent(key, generation);
        log.info("intent-written", "source", source.name(), "batch", key, "generation", generation);
        List<Part> parts = new ArrayList<>();
        ObjectNode scope;
        PartWriter[] current = {null};
        try {
            scope = batch.read(line -> {
                if (current[0] == null) {
                    current[0] = new PartWriter(scratch);
                }
                current[0].write(line);
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
        verify(manifest);
        log.info("verified", "source", source.name(), "batch", key, "generation", generation);
        long deleted = deleteArchived(batch, manifest, lease);
        totals.deleted.addAndGet(deleted);
        log.info("source-deleted", "source", source.name(), "batch", key, "generation", generation, "deleted", deleted);
        store.removeIntent(key, generation);
        totals.batches.incrementAndGet();
        log.info("batch-archived", "source", source.name(), "batch", key, "generation", generation, "rows", rows,
                "bytes", manifest.bytes(), "parts", parts.size());
    }

    private Part upload(PartWriter writer, String batchKey, int generation, int index, Totals totals) throws IOException {
        Part part = writer.finish(ArchiveStore.partKey(batchKey, generation, index));
        store.putPart(part, writer.file());
        totals.rows.addAndGet(part.rows());
        totals.bytes.addAndGet(part.bytes());
        log.info("part-uploaded", "batch", batchKey, "generation", generation, "part", part.key(), "rows", part.rows(), "bytes", part.bytes());
        return part;
    }

    /** Deletes the rows of a verified manifest, once its scope is checked against the batch it belongs to. */
    private static long deleteArchived(Batch batch, Manifest manifest, Lease lease) {
        batch.checkScope(manifest.scope(), manifest.rows(), manifest.createdAt());
        return batch.delete(manifest.scope(), lease::held);
    }

    private void verify(Manifest manifest) {
        for (Part part : manifest.parts()) {
            Optional<String> problem = store.check(part);
            if (problem.isPresent()) {
                throw new IllegalStateException("archive not verified, source rows kept: " + problem.get());
            }
        }
    }
}
