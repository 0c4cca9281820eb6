package io.gatehouse.stack.bench;

import io.gatehouse.stack.Archives;
import io.gatehouse.stack.Component;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A throw-away stack for a benchmark: any free ports and empty data under {@code scratch/stack} each run (the
 * realm is imported with this run's web port as its redirect URI), stopped when the JVM exits, even on Ctrl-C.
 */
public final class BenchStack {
    private BenchStack() {
    }

    /** Starts the components (and those they need) with these settings on top of the defaults. */
    public static Stack start(Path scratch, Map<String, String> settings, Set<Component> components) {
        Path work = scratch.resolve("stack");
        Archives.deleteTree(work);
        Map<String, String> all = new HashMap<>(StackConfig.anyFreePorts());
        all.put("gatehouse.work.dir", work.toString());
        all.putAll(settings);
        Stack stack = Stack.create(StackConfig.load(new Settings(all, System.getenv())),
                line -> System.out.println("[stack] " + line));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
        stack.start(components);
        return stack;
    }
}
