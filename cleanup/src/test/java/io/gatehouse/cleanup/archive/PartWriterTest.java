package io.gatehouse.cleanup.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartWriterTest {
    private static void write(PartWriter writer, String row) throws IOException {
        byte[] utf8Json = row.getBytes(StandardCharsets.UTF_8);
        writer.write(utf8Json, utf8Json.length);
    }

    @TempDir
    Path folder;

    @Test
    void aPartHoldsTheLinesAsWrittenWithTheDigestsOfItsBytes() throws Exception {
        List<String> rows = List.of("{\"id\":1,\"title\":\"ä ✓\"}", "{\"id\":2,\"body\":\"line\\nbreak\"}");
        Part part;
        Path file;
        try (PartWriter writer = new PartWriter(folder)) {
            for (String row : rows) {
                write(writer, row);
            }
            part = writer.finish("records/t/2025-01/g0001/part-00000.ndjson.gz");
            file = writer.file();
            byte[] bytes = Files.readAllBytes(file);
            assertThat(part.bytes()).isEqualTo(bytes.length);
            assertThat(part.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            assertThat(part.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
            List<String> read = new ArrayList<>();
            Restorer.lines(file, part).forEachRemaining(read::add);
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
                write(writer, "{\"id\":" + i + ",\"random\":\"" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "\"}");
            }
            assertThat(writer.bytes()).isGreaterThan(before + 100_000);
        }
    }

    @Test
    void aPartWithMoreOrFewerRowsThanItsManifestSaysIsRefused() throws Exception {
        try (PartWriter writer = new PartWriter(folder)) {
            write(writer, "{\"id\":1}");
            write(writer, "{\"id\":2}");
            Part part = writer.finish("p");
            Part saysOne = new Part("p", 1, part.bytes(), part.sha256(), part.md5());
            Part saysThree = new Part("p", 3, part.bytes(), part.sha256(), part.md5());

            assertThatThrownBy(() -> Restorer.lines(writer.file(), saysOne).forEachRemaining(row -> { }))
                    .hasMessage("p is refused: it holds more rows than the 1 its manifest says");
            assertThatThrownBy(() -> Restorer.lines(writer.file(), saysThree).forEachRemaining(row -> { }))
                    .hasMessage("p is refused: it holds 2 rows, its manifest says 3");
        }
    }

    @Test
    void aRowThatInflatesPastTheBoundIsRefusedWithoutReadingIt() throws Exception {
        try (PartWriter writer = new PartWriter(folder)) {
            // Compresses to a few kilobytes, inflates to 8 MB on one line.
            write(writer, "x".repeat(2 * Restorer.MAX_ROW_BYTES));
            Part part = writer.finish("bomb");
            assertThat(part.bytes()).isLessThan(100_000);

            assertThatThrownBy(() -> Restorer.lines(writer.file(), part).forEachRemaining(row -> { }))
                    .hasMessage("bomb is refused: row 1 is longer than " + Restorer.MAX_ROW_BYTES + " bytes");
        }
    }
}
