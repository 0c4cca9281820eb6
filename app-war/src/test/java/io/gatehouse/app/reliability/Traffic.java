package io.gatehouse.app.reliability;

import io.gatehouse.app.Api;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Light traffic: one client reading one record every 100 ms, each answer kept (status, Retry-After), a refused
 * connection as status 0. Runs until closed.
 */
final class Traffic implements AutoCloseable {
    static final int REFUSED = 0;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    record Answer(long nanos, int status, String retryAfter) {
    }

    Traffic(Api api, String path, String token) {
        thread = new Thread(() -> {
            while (running) {
                long now = System.nanoTime();
                try {
                    Api.Response response = api.get(path, token);
                    answers.add(new Answer(now, response.status(), response.header("Retry-After")));
                } catch (UncheckedIOException refused) {
                    answers.add(new Answer(now, REFUSED, null));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "light-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    /** The latest answer's status; -1 before the first. */
    int lastStatus() {
        return answers.isEmpty() ? -1 : answers.get(answers.size() - 1).status();
    }

    /** How many answers of each status, e.g. {200=412, 503=97}. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach(answer -> counts.merge(answer.status(), 1, Integer::sum));
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
