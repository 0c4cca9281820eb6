package io.gatehouse.stack;

import java.util.Map;

/** The settings of one kind of server, read from the {@link StackConfig}; usable before and without starting it. */
public interface ServerSettings {
    /** The ports it listens on, by setting key: the stack checks each is free before starting it. */
    Map<String, Integer> ports();

    /** True when the settings name a server that runs elsewhere (an external database), so the stack starts none. */
    default boolean runsElsewhere() {
        return false;
    }
}
