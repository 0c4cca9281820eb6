package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupManifest;
import io.gatehouse.backup.bucket.BackupStore;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a node's newest backups and removes the rest: their manifests first, then every stored file no kept backup
 * holds. Files younger than a day stay even so: they may belong to a backup that is still uploading.
 */
final class Prune {
    static final Duration GRACE = Duration.ofDays(1);
    private final BackupStore store;
    private final PrintStream out;

    Prune(BackupStore store, PrintStream out) {
        this.store = store;
        this.out = out;
    }

    /** @return the number of objects removed (or that would be, in a dry run) */
    int run(BackupStore.Node node, int keep, boolean dryRun) {
        List<String> names = store.backupNames(node);
        List<String> gone = names.subList(0, Math.max(0, names.size() - keep));
        List<String> kept = names.subList(gone.size(), names.size());
        Set<String> held = new HashSet<>();
        for (String name : kept) {
            // A kept manifest that cannot be read ends the prune here, before anything is removed.
            BackupManifest manifest = store.manifest(node, name);
            manifest.tables().forEach(table -> table.files().forEach(file -> held.add(file.sha256())));
        }
        int removed = 0;
        for (String name : gone) {
            out.println((dryRun ? "would remove backup " : "removing backup ") + name);
            if (!dryRun) {
                store.deleteManifest(node, name);
            }
            removed++;
        }
        Instant cutoff = Instant.now().minus(GRACE);
        for (Map.Entry<String, Instant> file : store.files(node).entrySet()) {
            if (!held.contains(file.getKey()) && file.getValue().isBefore(cutoff)) {
                if (!dryRun) {
                    store.deleteFile(node, file.getKey());
                }
                removed++;
            }
        }
        return removed;
    }
}
