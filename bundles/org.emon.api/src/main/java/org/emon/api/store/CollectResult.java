package org.emon.api.store;

import java.util.List;

/**
 * The summary of a collect.
 *
 * @param tables        the tables brought up to date (or built), e.g. {@code emon_21_600}
 * @param buckets       bucket rows written (inserted or replaced)
 * @param elapsedMillis how long it took
 */
public record CollectResult(List<String> tables, long buckets, long elapsedMillis) {

    public CollectResult {
        tables = List.copyOf(tables);
    }
}
