package io.gatehouse.launcher;

import io.gatehouse.stack.ProcessMemory;
import io.gatehouse.stack.Stack;

import java.io.PrintStream;

/** Ready time and peak memory of each server, as recorded in docs/benchmarks.md. */
record Figures(Stack stack) {

    void print(PrintStream out) {
        out.println("figures: server, ready in (s), peak RSS (MiB)");
        for (Stack.Running server : stack.running()) {
            out.printf("figures: %-12s %6.1f %6d%n", server.component().displayName(),
                    server.readyIn().toMillis() / 1000.0, ProcessMemory.peakRssMiB(server.process().handle()));
        }
    }
}
