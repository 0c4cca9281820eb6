package io.gatehouse.stack;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void readsTheEnvironmentVariableNamedAfterTheKey() {
        Settings settings = new Settings(Map.of(), Map.of("GATEHOUSE_KEYCLOAK_MANAGEMENT_PORT", "19001"));

        assertThat(settings.getInt("gatehouse.keycloak.management-port", 1)).isEqualTo(19001);
    }

    @Test
    void anExplicitOverrideWinsOverTheEnvironment() {
        Settings settings = new Settings(Map.of("gatehouse.s3.bucket", "from-test"), Map.of("GATEHOUSE_S3_BUCKET", "from-env"));

        assertThat(settings.get("gatehouse.s3.bucket", "default")).isEqualTo("from-test");
    }

    @Test
    void blankValuesCountAsUnset() {
        Settings settings = new Settings(Map.of(), Map.of("GATEHOUSE_HOST", "  "));

        assertThat(settings.get("gatehouse.host", "127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void aPortThatIsNotANumberIsAnErrorNamingTheVariable() {
        Settings settings = new Settings(Map.of(), Map.of("GATEHOUSE_S3_PORT", "eighty"));

        assertThatThrownBy(() -> settings.getInt("gatehouse.s3.port", 18333))
                .hasMessage("gatehouse.s3.port (GATEHOUSE_S3_PORT) must be a number, got 'eighty'");
    }

    @Test
    void aPortOutOfRangeIsRejectedBeforeAnythingStarts() {
        StackConfig config = StackConfig.load(new Settings(Map.of("gatehouse.keycloak.port", "70000"), Map.of()));

        assertThatThrownBy(() -> Stack.start(config, EnumSet.of(Component.KEYCLOAK), line -> { }))
                .hasMessageContaining("GATEHOUSE_KEYCLOAK_PORT").hasMessageContaining("70000");
    }
}
