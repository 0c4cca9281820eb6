package io.gatehouse.launcher;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The token command's refusals, which it gives before it reaches any server. */
class TokenCommandTest {

    private static String refusal(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new GatehouseLauncher()).setErr(new PrintWriter(err));
        assertThat(command.execute(args)).as("exit code").isEqualTo(2);
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void aUserWhoseTenantRequiresASecondFactorIsRefusedInOneLineNamingWhoElseCanBeUsed() {
        assertThat(refusal("token", "alice")).isEqualTo("alice's tenant requires a second factor: give the code your authenticator app shows "
                + "(-Dcode=..., set the app up on the web page first), or name a user of another tenant (bob, grace, ivy@initech.test)");
        assertThat(refusal("token", "gus", "--acr=mfa")).as("an admin token without a code")
                .startsWith("gus needs a second factor: give the code your authenticator app shows");
    }

    @Test
    void anUnknownUserIsRefusedInOneLine() {
        assertThat(refusal("token", "mallory")).isEqualTo("no demo user 'mallory' (see the list the run command prints)");
    }
}
