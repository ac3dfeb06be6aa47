package dev.batchprogress.properties;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake clock that moves one millisecond forward each time it is read, so every recorded change
 * gets a later time than the one before and a change of {@code changedAt} is always visible.
 */
final class TickingClock implements InstantSource {

    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        return millis.getAndIncrement();
    }
}
