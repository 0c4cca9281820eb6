package io.gatehouse.cleanup.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchKeyTest {

    @Test
    void aKeyIsTheArchiveFolderWithItsOwnerEncodedAndReadsBackAsItself() {
        BatchKey key = new BatchKey("records", "acme/emea ü", "2025-01");

        assertThat(key.toString()).isEqualTo("records/acme%2Femea+%C3%BC/2025-01");
        assertThat(BatchKey.parse(key.toString())).isEqualTo(key);
    }

    @Test
    void somethingThatIsNotSourceOwnerPeriodIsRefusedNamingIt() {
        assertThatThrownBy(() -> BatchKey.parse("records/acme")).hasMessage("not a batch key (source/owner/period): records/acme");
        assertThatThrownBy(() -> BatchKey.parse("records//2025-01")).hasMessageContaining("records//2025-01");
        assertThatThrownBy(() -> BatchKey.parse("records/acme/2025-01/g0001")).hasMessageContaining("records/acme/2025-01/g0001");
    }

    @Test
    void aKeyOfAnotherSourceIsRefusedByTheSourceItNames() {
        assertThatThrownBy(() -> BatchKey.parse("keycloak-events/realm/2026-11-01").of("records"))
                .hasMessage("not a records batch: keycloak-events/realm/2026-11-01");
    }
}
