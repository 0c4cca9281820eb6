package io.gatehouse.deploy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploySettingsTest {

    private static DeploySettings with(Map<String, Object> context) {
        return DeploySettings.from(new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void defaultsDescribeASmallDeploymentUnderOneDomain() {
        DeploySettings settings = with(Map.of());

        assertThat(settings.size()).isEqualTo(DeploySettings.Size.SMALL);
        assertThat(settings.issuer()).isEqualTo("https://auth.gatehouse.example.com/realms/gatehouse");
        assertThat(settings.apiUrl()).isEqualTo("https://api.gatehouse.example.com/api/v1");
        assertThat(settings.webUrl()).isEqualTo("https://app.gatehouse.example.com");
    }

    @Test
    void contextChangesSizeAndNames() {
        DeploySettings settings = with(Map.of("size", "Medium", "domain", "corp.test", "apiDomain", "records.corp.test"));

        assertThat(settings.size()).isEqualTo(DeploySettings.Size.MEDIUM);
        assertThat(settings.size().apiMaxTasks).isGreaterThan(DeploySettings.Size.SMALL.apiMaxTasks);
        assertThat(settings.apiUrl()).isEqualTo("https://records.corp.test/api/v1");
        assertThat(settings.keycloakUrl()).isEqualTo("https://auth.corp.test");
    }

    @Test
    void theGlobalAcceleratorIsOffUnlessAskedForAndAStandbyNamesThePrimarysListener() {
        assertThat(with(Map.of()).globalAccelerator().role()).isEqualTo(DeploySettings.GlobalAccelerator.Role.OFF);
        assertThat(with(Map.of("globalAccelerator", "Primary")).globalAccelerator().role()).isEqualTo(DeploySettings.GlobalAccelerator.Role.PRIMARY);
        String listener = "arn:aws:globalaccelerator::123456789012:accelerator/1234abcd-abcd-1234-abcd-1234abcdefgh/listener/0123vxyz";
        assertThat(with(Map.of("globalAccelerator", "standby", "globalAcceleratorListener", listener)).globalAccelerator().listenerArn()).isEqualTo(listener);
        assertThatThrownBy(() -> with(Map.of("globalAccelerator", "standby")))
                .hasMessage("globalAccelerator=standby needs globalAcceleratorListener, the primary stack's ListenerArn output, not ''");
        assertThatThrownBy(() -> with(Map.of("globalAccelerator", "everywhere")))
                .hasMessage("globalAccelerator must be off, primary or standby, not 'everywhere'");
    }

    @Test
    void aKeycloakUpdateRecreatesUnlessTheCheckSaidRolling() {
        assertThat(with(Map.of()).keycloakUpdate()).isEqualTo(DeploySettings.KeycloakUpdate.RECREATE);
        assertThat(with(Map.of("keycloakUpdate", "Rolling")).keycloakUpdate()).isEqualTo(DeploySettings.KeycloakUpdate.ROLLING);
        assertThatThrownBy(() -> with(Map.of("keycloakUpdate", "blue-green")))
                .hasMessage("keycloakUpdate must be rolling or recreate (deploy/keycloak-rollout decides), not 'blue-green'");
    }

    @Test
    void gravitonUnlessTheImagesAreX86Only() {
        DeploySettings arm = with(Map.of());
        assertThat(arm.architecture()).isEqualTo(DeploySettings.Architecture.ARM64);
        assertThat(arm.architecture().cassandraInstanceType(DeploySettings.Size.SMALL)).isEqualTo("m7g.large");
        assertThat(arm.architecture().cassandraInstanceType(DeploySettings.Size.MEDIUM)).isEqualTo("r7g.xlarge");
        DeploySettings x86 = with(Map.of("architecture", "x86_64"));
        assertThat(x86.architecture().cassandraInstanceType(DeploySettings.Size.SMALL)).isEqualTo("m6i.large");
        assertThat(x86.architecture().cassandraInstanceType(DeploySettings.Size.MEDIUM)).isEqualTo("r6i.xlarge");
        assertThatThrownBy(() -> with(Map.of("architecture", "sparc"))).hasMessage("architecture must be arm64 or x86_64, not 'sparc'");
    }

    @Test
    void anUnknownSizeIsRefusedByName() {
        assertThatThrownBy(() -> with(Map.of("size", "huge")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("size must be small or medium, not 'huge'");
    }
}
