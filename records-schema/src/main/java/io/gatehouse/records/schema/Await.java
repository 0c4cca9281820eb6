package io.gatehouse.records.schema;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Waits for an asynchronous driver call, with the driver's own exception rather than a wrapper, so callers handle one kind. */
public final class Await {
    private Await() {
    }

    public static <T> T result(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
