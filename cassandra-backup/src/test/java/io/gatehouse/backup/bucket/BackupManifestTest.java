package io.gatehouse.backup.bucket;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackupManifestTest {
    private static final String SHA = "9b74c9897bac770ffc029102a200c5de1b2f1c8d0e5b0f3a4c5d6e7f8091a2b3";
    private static final BackupManifest MANIFEST = new BackupManifest(1, "2026-12-07T03-15-00Z", "gatehouse",
            "3f0c1a2b-0000-4000-8000-00000000abcd", "5.0.9", List.of("-9223372036854775808", "0"),
            Instant.parse("2026-12-07T03:15:00Z"), Instant.parse("2026-12-07T03:16:40Z"),
            List.of(new BackupManifest.Table("gatehouse", "records_by_owner", "records_by_owner-0123456789abcdef0123456789abcdef",
                    "CREATE TABLE gatehouse.records_by_owner (...)", List.of(
                    new BackupManifest.File("nb-1-big-Data.db", 12_345_678, SHA),
                    new BackupManifest.File("nb-3gsj_0vn2_2bq5c2lz7bb1ae3plc-big-TOC.txt", 92, SHA.replace('9', '8')),
                    new BackupManifest.File("da-1-bti-Partitions.db", 0, SHA.replace('9', '7'))))));

    @Test
    void readsBackWhatItWrote() {
        BackupManifest read = BackupManifest.parse(MANIFEST.json(), "test");
        assertThat(read).isEqualTo(MANIFEST);
        assertThat(read.bytes()).isEqualTo(12_345_770);
        assertThat(read.fileCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"nb-1-big-Data.db\"|\"../../etc/passwd\"|invalid file name ../../etc/passwd",
            "\"nb-1-big-Data.db\"|\"nb-1-big-Data.db/x\"|invalid file name nb-1-big-Data.db/x",
            "\"records_by_owner-0123456789abcdef0123456789abcdef\"|\"records_by_owner-0123456789abcdef0123456789abcdef/..\"|invalid directory",
            "\"records_by_owner-0123456789abcdef0123456789abcdef\"|\"other-0123456789abcdef0123456789abcdef\"|invalid directory other-",
            "\"keyspace\":\"gatehouse\"|\"keyspace\":\"system;DROP\"|invalid keyspace system;DROP",
            "\"size\":12345678|\"size\":-1|invalid size -1",
            "" + SHA + "\"|" + SHA + "0\"|invalid digest of nb-1-big-Data.db",
            "\"format\":1|\"format\":2|invalid format 2 is not 1",
            "\"name\":\"2026-12-07T03-15-00Z\"|\"name\":\"../latest\"|invalid name ../latest",
            "\"hostId\":\"3f0c1a2b-0000-4000-8000-00000000abcd\"|\"hostId\":\"../x\"|invalid host id ../x",
            "\"tokens\":[\"-9223372036854775808\",\"0\"]|\"tokens\":[]|invalid tokens",
            "\"startedAt\"|\"began\"|is not a valid backup manifest",
            "\"cluster\":\"gatehouse\",|\"cluster\":\"gatehouse\",\"extra\":1,|is not a valid backup manifest",
    })
    void refusesWhatABackupNeverWrites(String from, String to, String message) throws Exception {
        String json = new ObjectMapper().readTree(MANIFEST.json()).toString();
        assertThat(json).contains(from);
        assertThatThrownBy(() -> BackupManifest.parse(json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8), "s3://b/m.json"))
                .isInstanceOf(InvalidBackup.class).hasMessageStartingWith("s3://b/m.json is not a valid backup manifest").hasMessageContaining(message);
    }

    @Test
    void refusesTrailingDataAndOversizedManifests() {
        byte[] json = MANIFEST.json();
        byte[] trailing = (new String(json, StandardCharsets.UTF_8) + "{}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> BackupManifest.parse(trailing, "m")).isInstanceOf(InvalidBackup.class);
        assertThatThrownBy(() -> BackupManifest.parse(new byte[(int) BackupManifest.MAX_BYTES + 1], "m"))
                .isInstanceOf(InvalidBackup.class).hasMessageContaining("more than a manifest can be");
        assertThatThrownBy(() -> BackupManifest.parse("not json".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(InvalidBackup.class).hasMessageStartingWith("m is not a valid backup manifest");
    }
}
