package io.gatehouse.realm;

import io.gatehouse.stack.Stack;
import io.gatehouse.stack.keycloak.KeycloakServer;
import io.gatehouse.stack.keycloak.KeycloakSettings;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the realm CLI in this JVM against the stack's Keycloak, as its admin, and keeps what it printed. */
final class CliRuns {
    private final Stack stack;

    CliRuns(Stack stack) {
        this.stack = stack;
    }

    record Run(int exit, String out, String err) {
    }

    Run cli(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RealmCli.run(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code command} (plan, apply) on {@code file} with this stack's placeholder values, plus {@code extra} options. */
    Run cli(String command, Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("--file", file.toString()));
        args.addAll(placeholders());
        args.addAll(List.of(command, "--url", url()));
        args.addAll(List.of(extra));
        return cli(adminPassword(), args.toArray(String[]::new));
    }

    Run cli(Map<String, String> environment, List<String> before, String... after) {
        List<String> args = new ArrayList<>(before);
        args.addAll(List.of(after));
        return cli(environment, args.toArray(String[]::new));
    }

    /** The environment holding the Keycloak admin's password. */
    Map<String, String> adminPassword() {
        return Map.of("KEYCLOAK_ADMIN_PASSWORD", KeycloakSettings.of(stack.config()).adminPassword());
    }

    String url() {
        return stack.server(KeycloakServer.class).settings().url();
    }

    /** --var NAME=VALUE for each of the realm files' placeholders, with this stack's values. */
    List<String> placeholders() {
        List<String> args = new ArrayList<>();
        KeycloakSettings.of(stack.config()).realmPlaceholders().forEach((name, value) -> args.addAll(List.of("--var", name + "=" + value)));
        return args;
    }
}
