package io.gatehouse.realm;

import java.util.List;
import java.util.Locale;

/** One thing {@code apply} would do to one Keycloak resource, and how to do it. */
public record Change(String type, String name, Action action, List<String> details, Runnable apply) {

    public enum Action { CREATE, UPDATE, DELETE }

    public String describe() {
        StringBuilder line = new StringBuilder(type + " " + name + ": " + action.name().toLowerCase(Locale.ROOT));
        details.forEach(detail -> line.append(System.lineSeparator()).append("    ").append(detail));
        return line.toString();
    }
}
