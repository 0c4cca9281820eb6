package io.gatehouse.backup;

import io.gatehouse.backup.bucket.BackupManifest;
import io.gatehouse.backup.bucket.BackupStore;
import io.gatehouse.backup.bucket.InvalidBackup;
import io.gatehouse.backup.bucket.Sha256;
import io.gatehouse.backup.node.CassandraJmx;
import io.gatehouse.backup.node.SnapshotFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backup of this node: a snapshot (hard links, taken after a flush), every file of it stored in the bucket once
 * (a file an earlier backup stored is not sent again: SSTables never change, so after the first backup only what
 * compaction and flushes wrote since goes up), then the manifest, then the snapshot is cleared.
 */
final class Backup {
    static final String TAG_PREFIX = "gatehouse-backup-";
    private static final Duration STALE_AFTER = Duration.ofDays(1);
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);
    private final CassandraJmx node;
    private final BackupStore store;
    private final PrintStream progress;

    Backup(CassandraJmx node, BackupStore store, PrintStream progress) {
        this.node = node;
        this.store = store;
        this.progress = progress;
    }

    /** What a run did, for its summary line. */
    record Result(BackupManifest manifest, int uploadedFiles, long uploadedBytes) {
    }

    Result run(List<String> keyspaces) {
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String name = NAME.format(started);
        BackupStore.Node where = new BackupStore.Node(node.clusterName(), node.hostId());
        // A killed run's snapshot keeps SSTables compaction has since replaced on disk: clear it before taking another
        // (one older than any run takes, so that a run started by hand beside the timer's keeps its own).
        node.snapshotTags().stream().filter(tag -> leftOver(tag, started)).forEach(tag -> node.clearSnapshot(tag, keyspaces));
        String tag = TAG_PREFIX + name;
        node.snapshot(tag, keyspaces);
        try {
            Map<String, String> known = knownDigests(where);
            Map<String, Path> paths = new HashMap<>();
            List<BackupManifest.Table> tables = new ArrayList<>();
            for (SnapshotFiles.TableSnapshot table : oneDirectoryEach(SnapshotFiles.find(node.dataDirectories(), keyspaces, tag))) {
                List<BackupManifest.File> files = new ArrayList<>();
                for (Path path : table.files()) {
                    long size = size(path);
                    String sha256 = known.get(sameFile(table.directory(), path.getFileName().toString(), size));
                    sha256 = sha256 != null ? sha256 : Sha256.of(path);
                    files.add(new BackupManifest.File(path.getFileName().toString(), size, sha256));
                    paths.putIfAbsent(sha256, path);
                }
                tables.add(new BackupManifest.Table(table.keyspace(), table.table(), table.directory(), table.schema(), files));
            }
            long bytes = tables.stream().mapToLong(BackupManifest.Table::bytes).sum();
            Progress uploading = new Progress(progress, "uploading", tables.stream().mapToInt(table -> table.files().size()).sum(), bytes);
            int uploadedFiles = 0;
            long uploadedBytes = 0;
            for (BackupManifest.Table table : tables) {
                for (BackupManifest.File file : table.files()) {
                    if (!store.hasFile(where, file)) {
                        store.putFile(where, paths.get(file.sha256()), file);
                        uploadedFiles++;
                        uploadedBytes += file.size();
                    }
                    uploading.done(file.size());
                }
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, name, where.cluster(), where.hostId(),
                    node.releaseVersion(), node.tokens(), started, Instant.now(), tables);
            store.putManifest(where, manifest);
            return new Result(manifest, uploadedFiles, uploadedBytes);
        } finally {
            node.clearSnapshot(tag, keyspaces);
        }
    }

    /**
     * The digests of the node's newest backup by table folder, file name and size: those files need not be read again.
     * An unreadable or invalid newest manifest only means every file is read.
     */
    private Map<String, String> knownDigests(BackupStore.Node where) {
        Optional<String> newest = store.newest(where);
        Map<String, String> known = new HashMap<>();
        if (newest.isEmpty()) {
            return known;
        }
        try {
            for (BackupManifest.Table table : store.manifest(where, newest.get()).tables()) {
                table.files().forEach(file -> known.put(sameFile(table.directory(), file.name(), file.size()), file.sha256()));
            }
        } catch (InvalidBackup e) {
            progress.println("the newest backup's manifest is not usable (" + e.getMessage() + "); reading every file");
        }
        return known;
    }

    /** A file that has the same folder (table and id), name and size as one backed up before holds the same bytes: SSTables never change. */
    private static String sameFile(String directory, String name, long size) {
        return directory + "/" + name + "/" + size;
    }

    /** The snapshot's tables; refused when a table has files in several data directories (not a layout this tool handles). */
    private static List<SnapshotFiles.TableSnapshot> oneDirectoryEach(List<SnapshotFiles.TableSnapshot> found) {
        Map<String, SnapshotFiles.TableSnapshot> first = new LinkedHashMap<>();
        for (SnapshotFiles.TableSnapshot table : found) {
            if (first.putIfAbsent(table.keyspace() + "/" + table.directory(), table) != null) {
                throw new IllegalStateException("table " + table.keyspace() + "." + table.table()
                        + " has snapshot files in more than one data directory; this tool backs up nodes with one");
            }
        }
        return List.copyOf(first.values());
    }

    /** A snapshot of this tool's that no run still going can own: taken more than a day before this run began. */
    static boolean leftOver(String tag, Instant now) {
        if (!tag.startsWith(TAG_PREFIX)) {
            return false;
        }
        try {
            return Instant.from(NAME.parse(tag.substring(TAG_PREFIX.length()))).isBefore(now.minus(STALE_AFTER));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
