package io.gatehouse.cleanup.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * What one generation of a batch holds: its parts with their row counts and checksums, and the scope the source
 * needs to delete exactly those rows. Written after the parts; its presence is what makes a generation an archive.
 */
public record Manifest(String format, String source, String batch, int generation, Instant createdAt, String storageClass,
                       long rows, long bytes, List<Part> parts, ObjectNode scope) {
    public static final String FORMAT = "gatehouse-archive/1";
}
