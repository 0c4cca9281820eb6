package io.gatehouse.cleanup.archive;

import io.gatehouse.cleanup.report.JsonLog;
import io.gatehouse.cleanup.report.Totals;
import io.gatehouse.cleanup.source.Batch;
import io.gatehouse.cleanup.source.BatchKey;
import io.gatehouse.cleanup.source.Lease;
import io.gatehouse.cleanup.source.Source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finishes what crashed runs left of a source, first thing once its lease is taken, before an archive or a restore run
 * does anything else: a pending generation with a manifest is verified and its rows deleted; one without a manifest
 * left only parts behind (its rows are still in the source), which are removed.
 */
public final class Recovery {
    private final ArchiveStore store;
    private final JsonLog log;

    public Recovery(ArchiveStore store, JsonLog log) {
        this.store = store;
        this.log = log;
    }

    /**
     * Returns the batches whose pending generation could not be finished (an object fails verification, say): their
     * rows stay, and the run leaves those batches alone.
     */
    public Set<String> resume(Source source, Lease lease, Totals totals) {
        List<String> intents = new ArrayList<>();
        store.list(ArchiveKeys.PENDING + source.name() + "/", object -> intents.add(object.key()));
        Set<String> stuck = new TreeSet<>();
        for (String intent : intents) {
            String folder = intent.substring(ArchiveKeys.PENDING.length(), intent.length() - 1);
            int slash = folder.lastIndexOf('/');
            String batchKey = folder.substring(0, slash);
            int generation = Integer.parseInt(folder.substring(slash + 2));
            try {
                Optional<Manifest> manifest = store.manifest(batchKey, generation);
                if (manifest.isPresent()) {
                    verify(store, manifest.get());
                    long deleted = deleteArchived(source.batch(BatchKey.parse(batchKey)), manifest.get(), lease);
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

    /** Checks every part of the manifest as stored; an error naming the first that does not match. */
    static void verify(ArchiveStore store, Manifest manifest) {
        for (Part part : manifest.parts()) {
            Optional<String> problem = store.check(part);
            if (problem.isPresent()) {
                throw new IllegalStateException("archive not verified, source rows kept: " + problem.get());
            }
        }
    }

    /** Deletes the rows of a verified manifest, once its scope is checked against the batch it belongs to. */
    static long deleteArchived(Batch batch, Manifest manifest, Lease lease) {
        batch.checkScope(manifest.scope(), manifest.rows(), manifest.createdAt());
        return batch.delete(manifest.scope(), lease::held);
    }
}
