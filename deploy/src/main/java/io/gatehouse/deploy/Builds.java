package io.gatehouse.deploy;

import java.nio.file.Path;

/**
 * What the stack ships from this repository's build: the web front-end's site (to CloudFront's bucket) and the
 * Cassandra backup tool with its libraries (to every node).
 */
public record Builds(Path site, Path backupTool) {
}
