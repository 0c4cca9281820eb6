package io.gatehouse.backup;

import io.gatehouse.backup.bucket.InvalidBackup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintWriter;

/**
 * {@code gatehouse-cassandra-backup}: backs the Cassandra node it runs beside up to S3 and restores it. Errors end
 * with one line on standard error and a non-zero exit.
 */
@Command(name = "gatehouse-cassandra-backup", mixinStandardHelpOptions = true, version = "gatehouse-cassandra-backup 0.1",
        description = "Backs this Cassandra node up to S3 (a snapshot; files stored once by content; a manifest per backup) and restores it, verifying every file it reads back.",
        subcommands = {BackupCommand.class, RestoreCommand.class, ListCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failure", "2:bad input", "3:the backup in the bucket is not what was written (nothing restored)"})
public final class BackupCli implements Runnable {
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INVALID_BACKUP = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: backup, restore or list");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new BackupCli());
        cli.setParameterExceptionHandler((error, arguments) -> {
            PrintWriter err = error.getCommandLine().getErr();
            err.println("gatehouse-cassandra-backup: " + error.getMessage() + " (see " + error.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((error, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            err.println("gatehouse-cassandra-backup: " + oneLine(error));
            err.flush();
            return error instanceof Usage ? USAGE : error instanceof InvalidBackup ? INVALID_BACKUP : FAILURE;
        });
        return cli.execute(args);
    }

    /** The cause as an operator needs it, without a stack trace. */
    static String oneLine(Throwable error) {
        String message = error instanceof SdkException ? "S3: " + error.getMessage() : error.getMessage();
        Throwable cause = error;
        while (message == null && cause.getCause() != null) {
            cause = cause.getCause();
            message = cause.getMessage();
        }
        message = message == null ? error.toString() : message;
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
