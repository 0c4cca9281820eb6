package io.gatehouse.realm;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse-realm plan | apply | export}: the realm as code. Exit 0 when done (for plan: whatever it
 * found), 1 with a one-line reason when it cannot be done.
 */
@Command(name = "gatehouse-realm", mixinStandardHelpOptions = true, version = "Gatehouse realm 0.1",
        description = "Makes a running Keycloak match the realm files (plan, apply), or writes a realm to a file (export).",
        subcommands = {RealmCli.Plan.class, RealmCli.Apply.class, RealmCli.Export.class})
public final class RealmCli implements Runnable {
    private final Map<String, String> environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", paramLabel = "REALM.json",
            description = "realm file(s); files of one realm are laid over each other in order; default: the production gatehouse realm built into this jar")
    List<Path> files = new ArrayList<>();

    @Option(names = "--demo", description = "lay the demo overlay (users with passwords, demo tenants, LDAP, company IdP; local use only) over the built-in realm")
    boolean demo;

    @Option(names = "--allow-credentials", description = "apply a file holding user passwords to a Keycloak that is not on this machine")
    boolean allowCredentials;

    @Option(names = "--fully-manage", paramLabel = "TYPE", split = ",",
            description = "clients, roles or organizations: delete those Keycloak has that the files do not name (not Keycloak's own)")
    Set<String> fullyManaged = new TreeSet<>();

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "value of a $${NAME} placeholder in the files (else the environment)")
    Map<String, String> variables = new HashMap<>();

    RealmCli(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with this environment and output; returns the exit code. */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        return new CommandLine(new RealmCli(environment)).setOut(out).setErr(err)
                .setExecutionExceptionHandler((error, cmd, parsed) -> {
                    cmd.getErr().println("gatehouse-realm: " + reason(error, cmd));
                    return 1;
                }).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: plan, apply or export");
    }

    List<RealmFile> realmFiles() throws IOException {
        Map<String, String> values = new HashMap<>(environment);
        values.putAll(variables);
        // Files of the same realm are laid over each other in the order given, then filled and checked as one.
        Map<String, ObjectNode> realms = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (files.isEmpty() || demo) {
            overlay(realms, sources, RealmFile.BUILT_IN, RealmFile.resource(RealmFile.BUILT_IN));
        }
        if (demo) {
            overlay(realms, sources, RealmFile.DEMO_OVERLAY, RealmFile.resource(RealmFile.DEMO_OVERLAY));
        }
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new RealmFile.InvalidRealmFile(file + ": no such file");
            }
            overlay(realms, sources, file.toString(), Files.readString(file));
        }
        List<RealmFile> parsed = new ArrayList<>();
        realms.forEach((name, tree) -> parsed.add(RealmFile.parse(sources.get(name), tree.toString(), values)));
        return parsed;
    }

    private static void overlay(Map<String, ObjectNode> realms, Map<String, String> sources, String source, String json) {
        ObjectNode tree = RealmFile.tree(source, json);
        String name = tree.path("realm").asText();
        realms.merge(name, tree, RealmOverlay::merge);
        sources.merge(name, source, (first, next) -> first + " + " + next);
    }

    /** One line for the user: what went wrong, in Keycloak's or the file's terms, never a stack trace. */
    static String reason(Exception error, CommandLine cmd) {
        CommandLine.Model.OptionSpec urlOption = cmd.getCommandSpec().findOption("--url");
        String url = urlOption == null ? "" : " at " + urlOption.getValue();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "cannot reach Keycloak" + url + ": " + cause.getMessage();
            }
        }
        // The admin client signs in lazily, on the first call, and wraps the token endpoint's refusal.
        Throwable signIn = error instanceof ProcessingException && error.getCause() instanceof WebApplicationException ? error.getCause() : error;
        if (signIn instanceof NotAuthorizedException || (signIn != error && signIn instanceof BadRequestException)) {
            return "Keycloak refused the sign-in" + url + " (HTTP " + ((WebApplicationException) signIn).getResponse().getStatus()
                    + "): check the user and password, or the client and secret";
        }
        if (error instanceof ForbiddenException) {
            return "signed in, but not allowed (HTTP 403): the account needs the realm-management roles";
        }
        if (error instanceof WebApplicationException web) {
            return "Keycloak answered HTTP " + web.getResponse().getStatus() + ": " + web.getMessage();
        }
        if (error instanceof ProcessingException) {
            return "talking to Keycloak" + url + " failed: " + error.getMessage();
        }
        return error.getMessage() != null ? error.getMessage() : "unexpected " + error.getClass().getSimpleName() + " (a bug: please report it)";
    }

    /** plan and apply: sign in, then compare (and for apply, change) each realm file in turn. */
    abstract static class SyncCommand implements Callable<Integer> {
        private final String done;
        private final String nothing;
        @ParentCommand
        RealmCli cli;
        @Mixin
        KeycloakConnection connection;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        SyncCommand(String done, String nothing) {
            this.done = done;
            this.nothing = nothing;
        }

        abstract List<Change> sync(RealmSync sync, RealmFile realm);

        @Override
        public Integer call() throws IOException {
            List<RealmFile> realms = cli.realmFiles();
            if (!cli.allowCredentials && !connection.onThisMachine()) {
                for (RealmFile realm : realms) {
                    if (realm.holdsCredentials()) {
                        throw new RealmFile.InvalidRealmFile(realm.name() + ": the file holds user passwords and " + connection.url
                                + " is not on this machine; a demo file has no place there (pass --allow-credentials if this is meant)");
                    }
                }
            }
            try (Keycloak keycloak = connection.open(cli.environment)) {
                for (RealmFile realm : realms) {
                    report(spec.commandLine().getOut(), realm, sync(new RealmSync(keycloak, cli.fullyManaged), realm), done, nothing);
                }
            }
            return 0;
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what apply would change; change nothing.")
    static final class Plan extends SyncCommand {
        Plan() {
            super("to change", "no changes: Keycloak matches the file");
        }

        @Override
        List<Change> sync(RealmSync sync, RealmFile realm) {
            return sync.plan(realm);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Make Keycloak match the files. Applying twice changes nothing the second time.")
    static final class Apply extends SyncCommand {
        Apply() {
            super("changed", "no changes: Keycloak already matched the file");
        }

        @Override
        List<Change> sync(RealmSync sync, RealmFile realm) {
            return sync.apply(realm);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a running realm (settings, roles, groups, clients) to a file; Keycloak masks the secrets.")
    static final class Export implements Callable<Integer> {
        @ParentCommand
        RealmCli cli;
        @Mixin
        KeycloakConnection connection;
        @Option(names = "--realm", required = true, description = "the realm to export")
        String realm;
        @Option(names = "--output", required = true, paramLabel = "FILE", description = "where to write it")
        Path output;

        @Override
        public Integer call() throws IOException {
            try (Keycloak keycloak = connection.open(cli.environment)) {
                RealmRepresentation exported = keycloak.realm(realm).partialExport(true, true);
                Files.writeString(output, RealmFile.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(exported));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return 0;
        }
    }

    private static void report(PrintWriter out, RealmFile realm, List<Change> changes, String verb, String none) {
        if (changes.isEmpty()) {
            out.println(realm.name() + ": " + none);
            return;
        }
        changes.forEach(change -> out.println(change.describe()));
        out.println(realm.name() + ": " + changes.size() + " " + (changes.size() == 1 ? "change " : "changes ") + verb);
    }
}
