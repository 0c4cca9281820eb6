package io.gatehouse.cleanup.source;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import io.gatehouse.records.schema.RecordsSchema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The records table as the cleanup job reads, deletes and restores it: its columns as this Cassandra has them (so rows
 * archive and restore whatever columns a later schema adds) and the statements a {@link TenantMonth} runs.
 */
record RecordsTable(CqlSession session, List<String> columns, int tenantColumn, int ownerColumn, int bucketColumn, int idColumn,
                    RowJson json, PreparedStatement rows, PreparedStatement deletePartition, PreparedStatement deleteBucket,
                    PreparedStatement deleteEmptyBucket, PreparedStatement restoreRow, PreparedStatement restoreBucket) {
    static final int PAGE_SIZE = 5000;

    static RecordsTable of(CqlSession session) {
        TableMetadata table = session.getMetadata().getKeyspace(RecordsSchema.KEYSPACE)
                .flatMap(keyspace -> keyspace.getTable(RecordsSchema.RECORDS.substring(RecordsSchema.KEYSPACE.length() + 1)))
                .orElseThrow();
        List<String> columns = table.getColumns().keySet().stream().map(CqlIdentifier::asInternal).toList();
        String quoted = columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        return new RecordsTable(session, columns, columns.indexOf("tenant"), columns.indexOf("owner"), columns.indexOf("bucket"),
                columns.indexOf("id"), new RowJson(columns, table.getColumns().values().stream().map(ColumnMetadata::getType).toList()),
                session.prepare("SELECT " + quoted + ", writetime(" + RecordsSchema.CHANGED_BY_EVERY_WRITE + ") FROM " + RecordsSchema.RECORDS
                        + " WHERE tenant = ? AND owner = ? AND bucket = ?"),
                session.prepare("DELETE FROM " + RecordsSchema.RECORDS + " USING TIMESTAMP ? WHERE tenant = ? AND owner = ? AND bucket = ?"),
                session.prepare("DELETE FROM " + RecordsSchema.BUCKETS + " USING TIMESTAMP ? WHERE tenant = ? AND owner = ? AND bucket = ?"),
                session.prepare("DELETE FROM " + RecordsSchema.BUCKETS + " WHERE tenant = ? AND owner = ? AND bucket = ?"),
                session.prepare("INSERT INTO " + RecordsSchema.RECORDS + " (" + quoted + ") VALUES ("
                        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ") IF NOT EXISTS"),
                session.prepare("INSERT INTO " + RecordsSchema.BUCKETS + " (tenant, owner, bucket) VALUES (?, ?, ?)"));
    }
}
