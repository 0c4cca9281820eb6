package io.gatehouse.cleanup.source;

/** Exclusive use of a source by one run; released on close, and by itself (expiry, lost connection) after a crash. */
public interface Lease extends AutoCloseable {
    /** False once the lease is lost; destructive steps check this first. */
    boolean held();

    @Override
    void close();
}
