package io.gatehouse.cleanup.archive;

/** One archived object: gzip-compressed NDJSON, with the digests it is verified by. */
public record Part(String key, long rows, long bytes, String sha256, String md5) {
}
