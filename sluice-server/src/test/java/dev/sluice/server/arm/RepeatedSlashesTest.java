package dev.sluice.server.arm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Repeated slashes of a path, as Azure's SDKs send them, read as one. */
class RepeatedSlashesTest {

    @Test
    void repeated_slashes_collapse_and_single_ones_stay() {
        assertThat(RepeatedSlashes.collapse("//subscriptions/sub1//resourceGroups///rg1/"))
                .isEqualTo("/subscriptions/sub1/resourceGroups/rg1/");
        assertThat(RepeatedSlashes.collapse("/subscriptions/sub1"))
                .isEqualTo("/subscriptions/sub1");
    }
}
