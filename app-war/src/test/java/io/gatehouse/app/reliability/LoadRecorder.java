package io.gatehouse.app.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every API answer of a load run with when it was sent and how long it took, for figures Gatling's report does not
 * give as numbers: the p99 of a given minute, the rate a phase reached.
 */
final class LoadRecorder {
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    /** One answer: when the request was sent (epoch ms), its response time (ms), and whether it was the one expected. */
    record Answer(long sentMillis, long tookMillis, boolean ok) {
    }

    void record(long sentMillis, long tookMillis, boolean ok) {
        answers.add(new Answer(sentMillis, tookMillis, ok));
    }

    private List<Answer> between(long fromMillis, long toMillis) {
        return answers.stream().filter(answer -> answer.sentMillis() >= fromMillis && answer.sentMillis() < toMillis).toList();
    }

    /** Answers per second between the two instants. */
    double rate(long fromMillis, long toMillis) {
        return between(fromMillis, toMillis).size() * 1000.0 / Math.max(1, toMillis - fromMillis);
    }

    long failed(long fromMillis, long toMillis) {
        return between(fromMillis, toMillis).stream().filter(answer -> !answer.ok()).count();
    }

    long count(long fromMillis, long toMillis) {
        return between(fromMillis, toMillis).size();
    }

    /** The given percentile (0–100) of the response times between the two instants, in ms; -1 when none. */
    long percentile(double percentile, long fromMillis, long toMillis) {
        return percentile(between(fromMillis, toMillis).stream().map(Answer::tookMillis).toList(), percentile);
    }

    /** The given percentile (0–100) of the values (nearest rank); -1 when there are none. */
    static long percentile(List<Long> values, double percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.ceil(sorted.size() * percentile / 100) - 1);
    }
}
