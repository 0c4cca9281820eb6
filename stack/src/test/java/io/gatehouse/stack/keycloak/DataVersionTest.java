package io.gatehouse.stack.keycloak;

import io.gatehouse.stack.Startup;
import io.gatehouse.stack.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataVersionTest {

    @Test
    void versionsCompareNumberByNumber() {
        assertThat(DataVersion.compare("26.10.0", "26.7.3")).isPositive();
        assertThat(DataVersion.compare("26.5.2", "26.7.3")).isNegative();
        assertThat(DataVersion.compare("26.7.3", "26.7.3")).isZero();
        assertThat(DataVersion.compare("27.0", "26.7.3")).isPositive();
        assertThat(DataVersion.compare("26.7.3-SNAPSHOT", "26.7.3")).isZero();
    }

    @Test
    void aFreshWorkFolderAndUpgradesStartButADowngradeIsRefusedInOneLine(@TempDir Path work) {
        DataVersion data = new DataVersion(new Startup("Keycloak", null, null, () -> false, line -> { }, List.of()), work);
        data.requireNotOlderThanData("26.5.2");
        data.record("26.5.2");
        data.requireNotOlderThanData("26.5.2");
        data.requireNotOlderThanData("26.7.3");
        data.record("26.7.3");

        assertThatThrownBy(() -> data.requireNotOlderThanData("26.5.2"))
                .isInstanceOf(StartupException.class)
                .hasMessage("Keycloak: the data in " + work + " was last used by Keycloak 26.7.3 and cannot go back to 26.5.2"
                        + " (Keycloak migrates its database forward only); run 26.7.3 or newer, or start over on an empty work folder")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
