package io.leadgrade.leads;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Events for any number of leads, each naming its lead by external id. */
public record ActivityBatch(
        @NotNull @Size(min = 1, max = ActivityBatch.MAX, message = "must hold 1 to " + ActivityBatch.MAX + " events")
        List<@NotNull @Valid ActivityRequest> activities) {

    static final int MAX = 1000;
}
