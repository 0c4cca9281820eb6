package io.gatehouse.backup.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A snapshot on disk: for each table of the keyspaces, {@code <data>/<keyspace>/<table>-<id>/snapshots/<tag>/}
 * holds hard links to the table's SSTables and Cassandra's {@code schema.cql}.
 */
public final class SnapshotFiles {
    private SnapshotFiles() {
    }

    /** One table's snapshot folder. */
    public record TableSnapshot(String keyspace, String table, String directory, Path folder) {
        /** The SSTable components (Cassandra's own manifest.json and schema.cql are not data). */
        public List<Path> files() {
            try (Stream<Path> entries = Files.list(folder)) {
                return entries.filter(Files::isRegularFile)
                        .filter(path -> !path.getFileName().toString().equals("manifest.json") && !path.getFileName().toString().equals("schema.cql"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
        }

        public String schema() {
            Path schema = folder.resolve("schema.cql");
            try {
                return Files.exists(schema) ? Files.readString(schema) : "";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + schema, e);
            }
        }
    }

    public static List<TableSnapshot> find(List<Path> dataDirectories, List<String> keyspaces, String tag) {
        List<TableSnapshot> found = new ArrayList<>();
        for (Path data : dataDirectories) {
            for (String keyspace : keyspaces) {
                Path keyspaceFolder = data.resolve(keyspace);
                if (!Files.isDirectory(keyspaceFolder)) {
                    continue;
                }
                try (Stream<Path> tables = Files.list(keyspaceFolder)) {
                    for (Path tableFolder : tables.sorted().toList()) {
                        Path snapshot = tableFolder.resolve("snapshots").resolve(tag);
                        String directory = tableFolder.getFileName().toString();
                        int dash = directory.lastIndexOf('-');
                        if (dash > 0 && Files.isDirectory(snapshot)) {
                            found.add(new TableSnapshot(keyspace, directory.substring(0, dash), directory, snapshot));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + keyspaceFolder, e);
                }
            }
        }
        return found;
    }
}
