package dev.sluice.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's webhook alerts as its GET shows them (Sluice's own, not in the HDInsight spec).
 *
 * @param lastDelivery the latest attempt to deliver one of its events, null when none was made
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobAlerts(AlertDelivery lastDelivery) {}
