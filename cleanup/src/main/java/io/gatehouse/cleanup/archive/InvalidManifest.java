package io.gatehouse.cleanup.archive;

/** A manifest that cannot be trusted: nothing is deleted or restored by it. */
public final class InvalidManifest extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InvalidManifest(String key, String problem) {
        super(key + " is not a manifest to act on: " + problem);
    }
}
