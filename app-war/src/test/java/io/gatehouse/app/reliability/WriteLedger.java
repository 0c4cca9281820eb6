package io.gatehouse.app.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.app.Api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What a load run wrote: every acknowledged write (201, 200) with its version and content, and the content of every
 * write that failed, which may still have applied. {@link #check} reads every record back: one missing or older than
 * its last acknowledged write is lost, one whose content is neither acknowledged nor possibly applied is corrupted.
 * Each record is written by one client at a time.
 */
final class WriteLedger {
    /** The last acknowledged state of each record. */
    private final Map<String, Written> acknowledged = new ConcurrentHashMap<>();
    /** States a failed write may have left, by record. */
    private final Map<String, Set<Written>> possible = new ConcurrentHashMap<>();
    private final Map<String, String> owner = new ConcurrentHashMap<>();

    /** A record's version and content, as written or read. */
    record Written(int version, String title, String body) {
        static Written of(JsonNode record) {
            return new Written(record.path("version").asInt(), record.path("title").asText(), record.path("body").asText());
        }
    }

    /** What {@link #check} found. */
    record Check(int records, List<String> lost, List<String> corrupted) {
    }

    /** A write the API acknowledged; {@code owner} says who can read it back ({@link #check}'s tokens). */
    void acknowledged(String id, Written state, String owner) {
        acknowledged.put(id, state);
        this.owner.put(id, owner);
    }

    /** A write that got no acknowledgement: it may have applied. */
    void attempted(String id, Written state) {
        possible.computeIfAbsent(id, unused -> ConcurrentHashMap.newKeySet()).add(state);
    }

    Written last(String id) {
        return acknowledged.get(id);
    }

    /**
     * A state read after a failed write: when it is what that write would have left, the write did apply and later
     * writes build on it. Returns whether it was taken.
     */
    boolean appliedAfterAll(String id, Written read) {
        if (read.version() > acknowledged.get(id).version() && possible.getOrDefault(id, Set.of()).contains(read)) {
            acknowledged.put(id, read);
            return true;
        }
        return false;
    }

    /** Reads every record back through the API, each with a token of its owner: {@code tokens} gives one. */
    Check check(Api api, UnaryOperator<String> tokens) {
        List<String> lost = new ArrayList<>();
        List<String> corrupted = new ArrayList<>();
        acknowledged.forEach((id, last) -> {
            Api.Response now = api.get("/records/" + id, tokens.apply(owner.get(id)));
            if (now.status() != 200) {
                lost.add(id + ": " + now.status() + " after acknowledged version " + last.version());
                return;
            }
            Written read = Written.of(now.json());
            if (read.version() < last.version()) {
                lost.add(id + ": version " + read.version() + " after acknowledged version " + last.version());
            } else if (!read.equals(last) && !possible.getOrDefault(id, Set.of()).contains(read)) {
                corrupted.add(id + ": " + read + ", acknowledged " + last);
            }
        });
        return new Check(acknowledged.size(), lost, corrupted);
    }
}
