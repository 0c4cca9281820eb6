package io.gatehouse.cleanup.source;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One archived row being written as UTF-8 JSON, reused from row to row. Text goes from Cassandra's UTF-8 bytes to the
 * line with only the escapes JSON requires, never through a {@code String}: decoding and re-encoding every value cost
 * the job more than compressing it (docs/benchmarks.md).
 */
public final class JsonLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes = new byte[1024];
    private int length;

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    void append(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
    }

    void append(byte[] raw) {
        ensure(raw.length);
        System.arraycopy(raw, 0, bytes, length, raw.length);
        length += raw.length;
    }

    /** Characters below U+0080 only: numbers, names, formatted dates. */
    void appendAscii(CharSequence ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            bytes[length++] = (byte) ascii.charAt(i);
        }
    }

    /** Bytes {@code from} to {@code to} of {@code value}, valid UTF-8 (as Cassandra stores text), as a quoted JSON string. */
    void appendQuoted(ByteBuffer value, int from, int to) {
        // Room for the value as it is and the quotes; an escape makes room for itself and what is left.
        ensure(to - from + 2);
        bytes[length++] = '"';
        for (int i = from; i < to; i++) {
            byte b = value.get(i);
            if (b == '"' || b == '\\') {
                ensure(2 + to - i);
                bytes[length++] = '\\';
                bytes[length++] = b;
            } else if (b >= 0 && b < 0x20) {
                ensure(6 + to - i);
                escapeControl(b);
            } else {
                // ASCII and the bytes of multi-byte characters alike: JSON takes UTF-8 as it is.
                bytes[length++] = b;
            }
        }
        bytes[length++] = '"';
    }

    /** As Jackson writes them: the short escapes where JSON has one, a six-byte "backslash u 00XX" otherwise. */
    private void escapeControl(byte b) {
        bytes[length++] = '\\';
        switch (b) {
            case '\n' -> bytes[length++] = 'n';
            case '\r' -> bytes[length++] = 'r';
            case '\t' -> bytes[length++] = 't';
            case '\b' -> bytes[length++] = 'b';
            case '\f' -> bytes[length++] = 'f';
            default -> {
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[b >> 4];
                bytes[length++] = HEX[b & 0xF];
            }
        }
    }

    /** The 16 bytes of a UUID from {@code at} in its canonical text form, quoted. */
    void appendUuid(ByteBuffer value, int at) {
        ensure(38);
        bytes[length++] = '"';
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                bytes[length++] = '-';
            }
            int b = value.get(at + i) & 0xFF;
            bytes[length++] = HEX[b >> 4];
            bytes[length++] = HEX[b & 0xF];
        }
        bytes[length++] = '"';
    }

    /** {@code value} as exactly {@code digits} decimal digits, zero-padded. */
    void appendDigits(int value, int digits) {
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, length + more));
        }
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
