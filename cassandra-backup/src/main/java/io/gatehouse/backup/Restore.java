package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupManifest;
import io.gatehouse.backup.bucket.BackupStore;
import io.gatehouse.backup.bucket.InvalidBackup;
import io.gatehouse.backup.node.CassandraJmx;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts a backup back into this node, trusting nothing the bucket returns: the manifest is validated and must be about
 * the node and backup its key names; the node must own the tokens the backup's node owned; every file is downloaded
 * and must have the size and SHA-256 the manifest gives before any of them goes to Cassandra; and Cassandra itself
 * verifies every SSTable (every value read, every token its own) as it imports it. Rows are added: a row written after
 * the backup keeps its newer cells, and a row deleted after it stays deleted (Cassandra's newest-write-wins).
 */
final class Restore {
    private final CassandraJmx node;
    private final BackupStore store;
    private final PrintStream progress;

    Restore(CassandraJmx node, BackupStore store, PrintStream progress) {
        this.node = node;
        this.store = store;
        this.progress = progress;
    }

    /** @param fromHost the host id whose backups to use: this node's own, or a replaced node's */
    BackupManifest run(String fromHost, String name, Path scratch, boolean dryRun) {
        BackupStore.Node source = new BackupStore.Node(node.clusterName(), fromHost == null ? node.hostId() : fromHost);
        BackupManifest manifest = store.manifest(source, name == null ? newest(source) : name);
        List<String> ours = node.tokens().stream().sorted().toList();
        List<String> theirs = manifest.tokens().stream().sorted().toList();
        if (!ours.equals(theirs)) {
            throw new IllegalStateException("this node owns " + ours.size() + " token(s) " + abbreviated(ours) + ", the backup's node owned "
                    + abbreviated(theirs) + ": its SSTables hold another node's rows; start this node with initial_token: "
                    + String.join(",", theirs) + " before restoring (deploy/README.md, \"Restoring Cassandra\")");
        }
        List<String> missing = manifest.tables().stream().filter(table -> !node.hasTable(table.keyspace(), table.table()))
                .map(BackupManifest.Table::qualified).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no table " + String.join(", ", missing) + " on this node: create the schema first (the API does at its start)");
        }
        Path staging = scratch.resolve("restore-" + manifest.name());
        long usable = usableSpace(scratch);
        if (usable < manifest.bytes()) {
            throw new IllegalStateException("backup " + manifest.name() + " needs " + Progress.mib(manifest.bytes()) + " in " + scratch
                    + ", which has " + Progress.mib(usable) + " free");
        }
        deleteTree(staging);
        try {
            download(source, manifest, staging);
            if (dryRun) {
                return manifest;
            }
            List<String> failed = new ArrayList<>();
            for (BackupManifest.Table table : manifest.tables()) {
                if (!table.files().isEmpty()) {
                    progress.println("importing " + table.qualified() + " (" + table.files().size() + " files, " + Progress.mib(table.bytes()) + ")");
                    failed.addAll(node.importSSTables(table.keyspace(), table.table(), folder(staging, table)));
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("Cassandra refused to import " + String.join(", ", failed) + " (its log says why); the other tables were restored");
            }
            return manifest;
        } finally {
            deleteTree(staging);
        }
    }

    /** Every file into staging, checked; the first file that is not what the manifest says ends the restore. */
    private void download(BackupStore.Node source, BackupManifest manifest, Path staging) {
        Progress downloading = new Progress(progress, "downloading and verifying", manifest.fileCount(), manifest.bytes());
        for (BackupManifest.Table table : manifest.tables()) {
            Path folder = createDirectories(folder(staging, table));
            for (BackupManifest.File file : table.files()) {
                try {
                    store.download(source, file, folder.resolve(file.name()));
                } catch (InvalidBackup e) {
                    throw new InvalidBackup(e.getMessage() + "; nothing was restored");
                }
                downloading.done(file.size());
            }
        }
    }

    private String newest(BackupStore.Node source) {
        return store.newest(source).orElseThrow(() -> new InvalidBackup("no backup in " + store.where(source)
                + (source.hostId().equals(node.hostId()) ? " (this node's own; a replaced node's: --from-host <its host id>, see list --all-hosts)" : "")));
    }

    /** staging/keyspace/table-id: the layout Cassandra's import expects of a table's files. */
    private static Path folder(Path staging, BackupManifest.Table table) {
        return staging.resolve(table.keyspace()).resolve(table.directory());
    }

    private static String abbreviated(List<String> tokens) {
        return tokens.size() <= 4 ? tokens.toString() : tokens.subList(0, 4) + "…";
    }

    private static long usableSpace(Path folder) {
        try {
            return Files.getFileStore(createDirectories(folder)).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space of " + folder, e);
        }
    }

    private static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder, e);
        }
    }
}
