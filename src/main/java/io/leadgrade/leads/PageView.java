package io.leadgrade.leads;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, with what a client needs to fetch the next: {@code hasNext} always, {@code totalElements} and
 * {@code totalPages} only where an index count gives them (the unfiltered list), null otherwise.
 */
public record PageView<T>(
        List<T> content, int page, int size, boolean hasNext, Long totalElements, Integer totalPages) {

    static <T> PageView<T> of(LeadPage page, Function<Lead, T> view) {
        Integer pages = page.total() == null ? null : (int) Math.max(1, (page.total() + page.size() - 1) / page.size());
        return new PageView<>(
                page.content().stream().map(view).toList(),
                page.page(),
                page.size(),
                page.hasNext(),
                page.total(),
                pages);
    }
}
