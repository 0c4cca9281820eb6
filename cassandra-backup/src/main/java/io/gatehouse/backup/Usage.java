package io.gatehouse.backup;

/** Bad input from the command line or the environment: one line on standard error, exit code 2. */
final class Usage extends RuntimeException {
    Usage(String message) {
        super(message);
    }
}
