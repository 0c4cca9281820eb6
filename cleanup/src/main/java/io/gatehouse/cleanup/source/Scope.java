package io.gatehouse.cleanup.source;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * What a batch's {@link Batch#read} saw, kept in the manifest, so that {@link Batch#delete} later removes exactly those
 * rows. Each source has its own kind; the manifest's JSON names no kind, it is told by its fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(Scope.Partitions.class), @JsonSubTypes.Type(Scope.Day.class)})
public sealed interface Scope {

    /** A tenant's month of records: each owner's partition, its rows and the write time of the newest one archived. */
    record Partitions(List<Partition> partitions) implements Scope {
        public record Partition(String owner, long rows, long newestWrite) {
        }
    }

    /** A realm's day of Keycloak events. */
    record Day(String realm, String day, long rows) implements Scope {
    }
}
