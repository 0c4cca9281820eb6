package io.gatehouse.backup.bucket;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.core.JacksonException;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one backup of one node holds: the node (cluster, host id, tokens), and per table the snapshot's files with
 * their sizes and SHA-256 digests. Written last, so a backup without a manifest never happened. A manifest read back
 * is validated here, field by field, before anything uses it: names that will become paths are plain names, digests
 * are digests, sizes are sizes.
 */
public record BackupManifest(int format, String name, String cluster, String hostId, String cassandraVersion,
                             List<String> tokens, Instant startedAt, Instant finishedAt, List<Table> tables) {
    public static final int FORMAT = 1;
    static final long MAX_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Cassandra's own limit for keyspace and table names. */
    private static final Pattern CQL_NAME = Pattern.compile("[A-Za-z0-9_]{1,48}");
    /** A table's folder: its name, a dash and its id. */
    private static final Pattern TABLE_DIRECTORY = Pattern.compile("[A-Za-z0-9_]{1,48}-[0-9a-f]{32}");
    /** An SSTable component (nb-1-big-Data.db, nb-3gsj_0vn2_2bq5c2lz7bb1ae3plc-big-TOC.txt, da-1-bti-Partitions.db). */
    private static final Pattern FILE = Pattern.compile("[a-z]{2}-[0-9a-z_]{1,64}-[a-z]{3}-[A-Za-z0-9_+.]{1,64}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BACKUP_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}Z");
    private static final Pattern HOST_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TOKEN = Pattern.compile("-?\\d{1,20}");

    public BackupManifest {
        check(format == FORMAT, "format " + format + " is not " + FORMAT);
        check(name != null && BACKUP_NAME.matcher(name).matches(), "name " + name);
        check(cluster != null && !cluster.isBlank() && cluster.length() <= 256, "cluster");
        check(hostId != null && HOST_ID.matcher(hostId).matches(), "host id " + hostId);
        check(cassandraVersion != null && cassandraVersion.length() <= 64, "Cassandra version");
        check(tokens != null && !tokens.isEmpty() && tokens.stream().allMatch(token -> token != null && TOKEN.matcher(token).matches()), "tokens");
        check(startedAt != null && finishedAt != null && !finishedAt.isBefore(startedAt), "times");
        check(tables != null && tables.stream().allMatch(Objects::nonNull), "tables");
        tokens = List.copyOf(tokens);
        tables = List.copyOf(tables);
    }

    /** One table's snapshot: its keyspace, name and folder (for the files' names), its CREATE statement and files. */
    public record Table(String keyspace, String table, String directory, String schema, List<File> files) {
        public Table {
            check(keyspace != null && CQL_NAME.matcher(keyspace).matches(), "keyspace " + keyspace);
            check(table != null && CQL_NAME.matcher(table).matches(), "table " + table);
            check(directory != null && TABLE_DIRECTORY.matcher(directory).matches() && directory.startsWith(table + "-"), "directory " + directory + " of " + table);
            check(schema != null && schema.length() <= 1024 * 1024, "schema of " + table);
            check(files != null && files.stream().allMatch(Objects::nonNull), "files of " + table);
            check(files.stream().map(File::name).distinct().count() == files.size(), "a file named twice in " + table);
            files = List.copyOf(files);
        }

        public String qualified() {
            return keyspace + "." + table;
        }

        public long bytes() {
            return files.stream().mapToLong(File::size).sum();
        }
    }

    /** A snapshot file: where it goes back (its name) and what it must be (size and digest). */
    public record File(String name, long size, String sha256) {
        public File {
            check(name != null && FILE.matcher(name).matches(), "file name " + name);
            check(size >= 0, "size " + size + " of " + name);
            check(sha256 != null && DIGEST.matcher(sha256).matches(), "digest of " + name);
        }
    }

    public long bytes() {
        return tables.stream().mapToLong(Table::bytes).sum();
    }

    public int fileCount() {
        return tables.stream().mapToInt(table -> table.files().size()).sum();
    }

    public byte[] json() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the manifest", e);
        }
    }

    /** A manifest read from the bucket, or {@link InvalidBackup} saying what is wrong with it. */
    public static BackupManifest parse(byte[] json, String where) {
        if (json.length > MAX_BYTES) {
            throw new InvalidBackup(where + " is " + json.length + " bytes, more than a manifest can be");
        }
        try {
            return JSON.readValue(json, BackupManifest.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidBackup(where + " is not a valid backup manifest: " + cause.getMessage());
        } catch (JacksonException e) {
            throw new InvalidBackup(where + " is not a valid backup manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidBackup(where + " cannot be read: " + e.getMessage());
        }
    }

    public static boolean isBackupName(String name) {
        return BACKUP_NAME.matcher(name).matches();
    }

    /** A Cassandra host id as the node reports it (a lower-case UUID). */
    public static boolean isHostId(String id) {
        return HOST_ID.matcher(id).matches();
    }

    private static void check(boolean valid, String what) {
        if (!valid) {
            throw new IllegalArgumentException("invalid " + what);
        }
    }
}
