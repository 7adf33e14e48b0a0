package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ARM async-operation status document ({@code Azure-AsyncOperation}): status is InProgress,
 * Succeeded or Failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationStatus(
        String id,
        String name,
        String status,
        String startTime,
        String endTime,
        ErrorResponse.ErrorDetail error) {}
