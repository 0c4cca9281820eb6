package io.gatehouse.stack.keycloak;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import io.gatehouse.stack.Settings;
import io.gatehouse.stack.StackConfig;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The TOTP authenticator app of test users: it keeps the secret each user enrolled on Keycloak's "Mobile Authenticator
 * Setup" page, and gives codes as the realm's OTP policy computes them (HmacSHA1, 6 digits, 30 s, look-ahead 1).
 * The realm refuses a code used before, so sign-ins close together get codes of different periods the realm accepts
 * now (the one before, this one, the next: look-ahead 1), and wait for a fresh period only when all three are used,
 * unless the tests' stack lets the realm take a code again.
 */
public final class AuthenticatorApp {
    private static final Duration PERIOD = Duration.ofSeconds(30);
    private static final TimeBasedOneTimePasswordGenerator TOTP = new TimeBasedOneTimePasswordGenerator(PERIOD, 6, "HmacSHA1");
    private static final Map<String, Enrolment> ENROLMENTS = new ConcurrentHashMap<>();
    /**
     * The tests' stacks let their own realm (not the copies tests make) take a code again within its period
     * ({@link KeycloakSettings#otpCodeReusable()}): no wait there.
     */
    private static final boolean CODES_REUSABLE = KeycloakSettings.otpCodeReusable(Settings.fromSystem());
    /** Time left in a period for a code of the period before to still reach Keycloak in time. */
    private static final Duration MARGIN = Duration.ofSeconds(5);

    private AuthenticatorApp() {
    }

    private static final class Enrolment {
        private final String secret;
        private final Set<Long> usedPeriods = new TreeSet<>();

        Enrolment(String secret) {
            this.secret = secret;
        }
    }

    /** Keeps the secret Keycloak showed {@code user} of {@code realmUrl} (the page's raw secret, not its base32 form). */
    public static void enrol(String realmUrl, String user, String secret) {
        ENROLMENTS.put(key(realmUrl, user), new Enrolment(secret));
    }

    public static boolean isEnrolled(String realmUrl, String user) {
        return ENROLMENTS.containsKey(key(realmUrl, user));
    }

    /** A code not used before for this user: of the period before (while it has seconds left), this one or the next. */
    public static String nextCode(String realmUrl, String user) throws InterruptedException {
        Enrolment enrolment = ENROLMENTS.get(key(realmUrl, user));
        if (enrolment == null) {
            throw new IllegalStateException(user + " has no authenticator app enrolled in this test run");
        }
        if (CODES_REUSABLE && realmUrl.endsWith("/realms/" + StackConfig.REALM)) {
            // This period's code: the realm takes it again, and for the whole of the next period too (look-ahead 1).
            return code(enrolment.secret, Instant.now());
        }
        synchronized (enrolment) {
            while (true) {
                long millis = System.currentTimeMillis();
                long now = millis / PERIOD.toMillis();
                // The previous period's code stays good until this period ends: not when Keycloak might read it after.
                boolean previousStillGood = (now + 1) * PERIOD.toMillis() - millis > MARGIN.toMillis();
                for (long period = previousStillGood ? now - 1 : now; period <= now + 1; period++) {
                    if (enrolment.usedPeriods.add(period)) {
                        enrolment.usedPeriods.removeIf(used -> used < now - 1);
                        return code(enrolment.secret, Instant.ofEpochSecond(period * PERIOD.toSeconds()));
                    }
                }
                Thread.sleep((now + 1) * PERIOD.toMillis() - millis + 100);
            }
        }
    }

    /** A six-digit code the realm refuses now: none of this period's, the one before or the one after. */
    public static String wrongCode(String realmUrl, String user) {
        Enrolment enrolment = ENROLMENTS.get(key(realmUrl, user));
        if (enrolment == null) {
            throw new IllegalStateException(user + " has no authenticator app enrolled in this test run");
        }
        Instant now = Instant.now();
        List<String> accepted = List.of(code(enrolment.secret, now.minus(PERIOD)), code(enrolment.secret, now), code(enrolment.secret, now.plus(PERIOD)));
        return IntStream.range(0, 4).mapToObj(n -> String.format("%06d", n)).filter(code -> !accepted.contains(code)).findFirst().orElseThrow();
    }

    /** The code of {@code secret} at {@code time}, as a phone shows it. */
    public static String code(String secret, Instant time) {
        try {
            return TOTP.generateOneTimePasswordString(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "RAW"), time);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable TOTP secret", e);
        }
    }

    private static String key(String realmUrl, String user) {
        return realmUrl + " " + user;
    }
}
