package io.gatehouse.cleanup.archive;

/**
 * Where a batch's objects live in the bucket: each generation in a folder of its own under the batch key
 * ({@code records/acme/2025-01/g0001/}), its manifest and parts in it, and an intent under {@link #PENDING} while a run
 * is archiving it.
 */
public final class ArchiveKeys {
    public static final String PENDING = "_pending/";

    private ArchiveKeys() {
    }

    static String generationFolder(String batchKey, int generation) {
        return batchKey + "/g" + String.format("%04d", generation) + "/";
    }

    static String manifestKey(String batchKey, int generation) {
        return generationFolder(batchKey, generation) + "manifest.json";
    }

    static String partKey(String batchKey, int generation, int index) {
        return generationFolder(batchKey, generation) + String.format("part-%05d.ndjson.gz", index);
    }

    static String intentKey(String batchKey, int generation) {
        return PENDING + generationFolder(batchKey, generation);
    }
}
