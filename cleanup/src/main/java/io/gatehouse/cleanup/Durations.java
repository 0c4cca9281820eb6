package io.gatehouse.cleanup;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ages on the command line: {@code 90d}, {@code 12w}, {@code 36h}, or ISO-8601 ({@code P90D}). */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([hdw])");

    private Durations() {
    }

    static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher short_ = SHORT.matcher(trimmed);
        if (short_.matches()) {
            long amount = Long.parseLong(short_.group(1));
            return switch (short_.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(amount * 7);
            };
        }
        try {
            return Duration.parse(trimmed.toUpperCase());
        } catch (DateTimeParseException e) {
            throw new Usage("--older-than must be like 90d, 12w, 36h or P90D, got '" + text + "'");
        }
    }
}
