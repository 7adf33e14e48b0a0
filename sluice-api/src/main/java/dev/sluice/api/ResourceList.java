package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An ARM list of resources with an optional {@code nextLink}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceList<T>(List<T> value, String nextLink) {}
