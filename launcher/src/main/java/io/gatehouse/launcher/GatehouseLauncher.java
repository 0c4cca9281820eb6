package io.gatehouse.launcher;

import io.gatehouse.stack.Component;
import io.gatehouse.stack.Stack;
import io.gatehouse.stack.StackConfig;
import io.gatehouse.stack.keycloak.BrowserLogin;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code gatehouse run} starts every server on loopback and keeps them until Ctrl-C;
 * {@code gatehouse smoke} starts them, proves one real round-trip, stops them and exits 0 (or 1 with a reason).
 */
@Command(name = "gatehouse", mixinStandardHelpOptions = true, version = "Gatehouse 0.1",
        description = "Runs the Gatehouse stack (PostgreSQL, Keycloak, Cassandra, an S3 server, Open Liberty) on 127.0.0.1."
                + "%nSettings come from environment variables (GATEHOUSE_KEYCLOAK_PORT, ...); see README.md.",
        subcommands = {GatehouseLauncher.Run.class, GatehouseLauncher.Smoke.class, GatehouseLauncher.Token.class})
public final class GatehouseLauncher implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new GatehouseLauncher())
                .setExecutionExceptionHandler((error, cmd, parsed) -> {
                    cmd.getErr().println("gatehouse: " + error.getMessage());
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: run, smoke or token");
    }

    /** Starts the whole stack; a JVM shutdown (Ctrl-C, SIGTERM) stops it, even half-way through starting. */
    static Stack startAll(PrintStream out) {
        StackConfig config = StackConfig.load();
        out.println("Gatehouse: starting PostgreSQL, an LDAP directory, a mail server, Keycloak, Cassandra, the S3 server and Open Liberty on " + config.host()
                + ", data in " + config.workDir() + " (servers not yet in ~/.m2 are downloaded first: about 650 MB on a fresh machine)");
        Stack stack = Stack.create(config, out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Gatehouse: stopping");
            stack.close();
            out.println("Gatehouse: stopped");
        }, "gatehouse-stop"));
        long begin = System.nanoTime();
        stack.start(EnumSet.allOf(Component.class));
        out.printf("Gatehouse: all servers healthy in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        return stack;
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the stack and keep it running until Ctrl-C.")
    static final class Run implements Callable<Integer> {
        @Override
        public Integer call() throws InterruptedException {
            PrintStream out = System.out;
            Stack stack = startAll(out);
            new Summary(stack.config(), DemoUser.ofThisStack()).print(out);
            out.println("Press Ctrl-C to stop.");
            new CountDownLatch(1).await();
            return 0;
        }
    }

    @Command(name = "smoke", mixinStandardHelpOptions = true,
            description = "Start the stack, sign a demo user in through Keycloak's login page, call the API with the token, stop.")
    static final class Smoke implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintStream out = System.out;
            Stack stack = startAll(out);
            try {
                // One user per way of signing in: Keycloak's own password, the LDAP directory, the companies' identity
                // providers; users whose tenant requires a second factor are left out (this proof types no codes).
                Map<String, DemoUser> firstPerSource = new LinkedHashMap<>();
                DemoUser.ofThisStack().stream().filter(user -> !user.secondFactor())
                        .forEach(user -> firstPerSource.putIfAbsent(user.source(), user));
                RoundTrip roundTrip = new RoundTrip(stack.config());
                for (DemoUser user : firstPerSource.values()) {
                    out.println("smoke: ok: " + roundTrip.prove(user));
                }
                new Figures(stack).print(out);
                return 0;
            } catch (RoundTrip.Failure e) {
                System.err.println("gatehouse: smoke failed: " + e.getMessage());
                return 1;
            } finally {
                stack.close();
            }
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Sign a demo user in on the running stack's Keycloak login page (code + PKCE) and print the access token, for curl.")
    static final class Token implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "USER", description = "a demo user, e.g. alice, grace (LDAP), ivy@initech.test (Initech SSO, OpenID) or uma@umbrella.test (Umbrella SSO, SAML)")
        String username;

        @CommandLine.Option(names = "--organization", paramLabel = "ALIAS", description = "the tenant to sign in to, for a member of several (e.g. dora: acme or globex)")
        String organization;

        @CommandLine.Option(names = "--code", paramLabel = "CODE", description = "the code your authenticator app shows, where Keycloak asks for one (acme's users; anyone with --acr mfa)")
        String code;

        @CommandLine.Option(names = "--acr", paramLabel = "ACR", description = "ask Keycloak for this level: mfa for a token the admin endpoints take (with --code)")
        String acr;

        @Override
        public Integer call() throws Exception {
            DemoUser user = DemoUser.ofThisStack().stream()
                    .filter(candidate -> candidate.username().equals(username)).findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "no demo user '" + username + "' (see the list the run command prints)"));
            boolean codeGiven = code != null && !code.isBlank();
            if ((user.secondFactor() || "mfa".equals(acr)) && !codeGiven) {
                throw new CommandLine.ParameterException(spec.commandLine(), user.username() + (user.secondFactor() ? "'s tenant requires" : " needs")
                        + " a second factor: give the code your authenticator app shows (-Dcode=..., set the app up on the web page first),"
                        + " or name a user of another tenant (bob, grace, ivy@initech.test)");
            }
            StackConfig config = StackConfig.load();
            BrowserLogin login = BrowserLogin.forWebClient(config);
            if (acr != null && !acr.isBlank()) {
                login = login.asking(acr);
            }
            System.out.println(login.asPerson(code)
                    .login(user.username(), user.password(), "openid organization", organization != null && !organization.isBlank() ? organization : user.tenant()).accessToken());
            return 0;
        }
    }
}
