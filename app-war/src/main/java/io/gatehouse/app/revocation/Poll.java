package io.gatehouse.app.revocation;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A daemon thread that reads something every interval until stopped. It says once when reading fails and once when
 * it works again, not on every try.
 */
final class Poll {
    private final Thread thread;

    private Poll(Thread thread) {
        this.thread = thread;
    }

    /**
     * @param failed        the warning's words when a read fails, followed by the failure
     * @param quietAtFirst  no warning before a first read has worked (a server that is still starting)
     */
    static Poll start(String name, long intervalMillis, Runnable read, Logger log, String failed, String recovered, boolean quietAtFirst) {
        Thread thread = new Thread(() -> {
            boolean failing = false;
            boolean worked = false;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    read.run();
                    worked = true;
                    if (failing) {
                        log.info(recovered);
                        failing = false;
                    }
                } catch (RuntimeException e) {
                    if (!failing && (worked || !quietAtFirst)) {
                        Supplier<String> message = () -> failed + ": " + e.getMessage();
                        log.warning(message);
                    }
                    failing = true;
                }
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return new Poll(thread);
    }

    void stop() {
        thread.interrupt();
    }
}
