package io.gatehouse.cleanup;

/** What the job's exit code says, for the scheduler and for alarms. */
final class ExitCodes {
    static final int SUCCESS = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int PARTIAL_FAILURE = 3;
    static final int NOTHING_TO_DO = 4;

    private ExitCodes() {
    }
}
