package io.gatehouse.cleanup.source;

import java.math.BigInteger;

/**
 * Shard {@code index} of {@code count} (1-based, {@code 2/4}): a contiguous slice of Cassandra's Murmur3 token ring,
 * so parallel tasks split the tenants between them without coordination.
 */
public record Shard(int index, int count) {
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(64);

    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard must be i/n with 1 <= i <= n, got " + index + "/" + count);
        }
    }

    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--shard must be i/n, e.g. 1/4, got '" + text + "'");
    }

    /** Lowest token of the slice, exclusive: Murmur3 never yields the ring's minimum itself, so slice 1 misses nothing. */
    public long startExclusive() {
        return boundary(index - 1);
    }

    /** Highest token of the slice, inclusive. */
    public long endInclusive() {
        return index == count ? Long.MAX_VALUE : boundary(index);
    }

    private long boundary(int slice) {
        return MIN.add(RING.multiply(BigInteger.valueOf(slice)).divide(BigInteger.valueOf(count))).longValueExact();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
