package io.gatehouse.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A cluster's nodes by number (1 to its size), as they run now: a node is set when its process starts and replaced when
 * it starts again. A node not started yet has no slot filled, which {@link #started()} leaves out (a start that fails
 * half-way stops the nodes it has).
 */
public final class NodeSlots<N> {
    private final List<N> slots;

    public NodeSlots(int size) {
        this.slots = new ArrayList<>(Collections.nCopies(size, null));
    }

    public synchronized N get(int number) {
        return slots.get(number - 1);
    }

    public synchronized void set(int number, N node) {
        slots.set(number - 1, node);
    }

    /** The nodes started so far, by number. */
    public synchronized List<N> started() {
        return slots.stream().filter(Objects::nonNull).toList();
    }
}
