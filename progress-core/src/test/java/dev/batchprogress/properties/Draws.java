package dev.batchprogress.properties;

import java.util.List;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * Draws values for a generator from a QuickTheories randomness source. Every value comes from the
 * source, so QuickTheories can replay and shrink what a generator built from them.
 */
final class Draws {

    private final RandomnessSource source;

    Draws(RandomnessSource source) {
        this.source = source;
    }

    /** Draws an integer in [min, max]. */
    int between(int min, int max) {
        return Generate.range(min, max).generate(source);
    }

    /** Draws any long. */
    long anyLong() {
        return Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).generate(source);
    }

    /** Returns true with the given probability, in percent. */
    boolean chance(int percent) {
        return between(1, 100) <= percent;
    }

    /** Draws one element of a list that is not empty. */
    <T> T pick(List<T> elements) {
        return elements.get(between(0, elements.size() - 1));
    }
}
