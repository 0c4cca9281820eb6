package io.gatehouse.cleanup;

import com.datastax.oss.driver.api.core.DriverException;
import io.gatehouse.cleanup.source.LeaseUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintWriter;

/**
 * {@code gatehouse-cleanup}: archives old records and Keycloak events to S3 Glacier classes, restores and verifies
 * archives. Errors end with one line on standard error and a non-zero exit; see {@link ExitCodes}.
 */
@Command(name = "gatehouse-cleanup", mixinStandardHelpOptions = true, version = "gatehouse-cleanup 0.1",
        description = "Archives old records (Cassandra) and Keycloak events (PostgreSQL) to S3 Glacier classes; deletes them only once the archive is verified.",
        subcommands = {ArchiveCommand.class, RestoreCommand.class, VerifyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failure (nothing unverified was deleted)", "2:bad input",
                "3:partial failure (some batches failed; rerun to finish)", "4:nothing to do"})
public final class CleanupCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: archive, restore or verify");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new CleanupCli());
        cli.setParameterExceptionHandler((error, arguments) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("gatehouse-cleanup: " + error.getMessage() + " (see " + error.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((error, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            err.println("gatehouse-cleanup: " + oneLine(error));
            err.flush();
            return error instanceof Usage ? ExitCodes.USAGE : ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }

    /** The cause as an operator needs it, without a stack trace (and never with a credential: none is in a message). */
    static String oneLine(Throwable error) {
        if (error instanceof DriverException) {
            return "Cassandra: " + firstLine(error.getMessage());
        }
        if (error instanceof SdkException) {
            return "S3: " + firstLine(error.getMessage());
        }
        if (error instanceof LeaseUnavailableException) {
            return error.getMessage();
        }
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return firstLine(cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
