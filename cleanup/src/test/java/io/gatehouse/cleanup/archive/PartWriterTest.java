package io.gatehouse.cleanup.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartWriterTest {
    @TempDir
    Path folder;

    @Test
    void aPartHoldsTheLinesAsWrittenWithTheDigestsOfItsBytes() throws Exception {
        List<String> rows = List.of("{\"id\":1,\"title\":\"ä ✓\"}", "{\"id\":2,\"body\":\"line\\nbreak\"}");
        Part part;
        Path file;
        try (PartWriter writer = new PartWriter(folder)) {
            for (String row : rows) {
                writer.write(row);
            }
            part = writer.finish("records/t/2025-01/g0001/part-00000.ndjson.gz");
            file = writer.file();
            byte[] bytes = Files.readAllBytes(file);
            assertThat(part.bytes()).isEqualTo(bytes.length);
            assertThat(part.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(part.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
            List<String> read = new ArrayList<>();
            Restorer.lines(file).forEachRemaining(read::add);
            assertThat(read).isEqualTo(rows);
        }
        assertThat(part.rows()).isEqualTo(2);
        assertThat(file).as("the scratch file goes once the part is uploaded").doesNotExist();
    }

    @Test
    void theCompressedSizeGrowsAsRowsAreWritten() throws IOException {
        try (PartWriter writer = new PartWriter(folder)) {
            long before = writer.bytes();
            for (int i = 0; i < 20_000; i++) {
                writer.write("{\"id\":" + i + ",\"random\":\"" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "\"}");
            }
            assertThat(writer.bytes()).isGreaterThan(before + 100_000);
        }
    }
}
