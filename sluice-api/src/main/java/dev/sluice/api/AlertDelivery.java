package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One webhook event's delivery.
 *
 * @param eventId the event's id, sent as {@code X-Sluice-Delivery}
 * @param event its type, e.g. {@code action.ended}
 * @param state DELIVERED, PENDING (to be retried) or FAILED (attempts exhausted)
 * @param attempts attempts made
 * @param httpStatus the receiver's status of the latest attempt, null when none answered
 * @param error why the latest attempt failed, null when it did not
 * @param time when the latest attempt ended
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertDelivery(
        String eventId,
        String event,
        String state,
        int attempts,
        Integer httpStatus,
        String error,
        String time) {}
