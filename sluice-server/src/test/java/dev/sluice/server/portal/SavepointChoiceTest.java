package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.savepoint.SavepointEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavepointChoiceTest {

    private static final SavepointEntry NEWER =
            new SavepointEntry(
                    "savepoint-aaaaaa-222222222222",
                    "file:///s/sp/savepoint-aaaaaa-222222222222",
                    Instant.parse("2025-01-02T10:00:00Z"),
                    true,
                    2048);
    private static final SavepointEntry OLDER =
            new SavepointEntry(
                    "savepoint-aaaaaa-111111111111",
                    "file:///s/sp/savepoint-aaaaaa-111111111111",
                    Instant.parse("2025-01-01T10:00:00Z"),
                    true,
                    100);
    private static final SavepointEntry BROKEN =
            new SavepointEntry("copy", "file:///s/sp/copy", Instant.EPOCH, false, 0);

    @Test
    void theLastSavepointIsPreselectedWhateverItsUriSpelling() {
        List<SavepointChoice> choices =
                SavepointChoice.of(
                        List.of(NEWER, OLDER, BROKEN), "file:/s/sp/savepoint-aaaaaa-111111111111");

        assertThat(choices)
                .extracting(SavepointChoice::value)
                .containsExactly(NEWER.name(), OLDER.name(), "copy");
        assertThat(choices)
                .extracting(SavepointChoice::selected)
                .containsExactly(false, true, false);
        assertThat(choices.get(1).label())
                .isEqualTo(
                        "savepoint-aaaaaa-111111111111 — 2025-01-01 10:00:00 UTC, 100 B (last savepoint)");
        assertThat(choices.get(0).size()).isEqualTo("2.0 KB");
        assertThat(choices.get(2).label()).endsWith("(unusable: no _metadata)");
    }

    @Test
    void aLastSavepointOutsideTheDirectoryIsOfferedFirstByItsUri() {
        List<SavepointChoice> choices =
                SavepointChoice.of(
                        List.of(NEWER), "file:///elsewhere/savepoint-bbbbbb-333333333333/");

        assertThat(choices).hasSize(2);
        assertThat(choices.get(0).value())
                .isEqualTo("file:///elsewhere/savepoint-bbbbbb-333333333333/");
        assertThat(choices.get(0).name()).isEqualTo("savepoint-bbbbbb-333333333333");
        assertThat(choices.get(0).selected()).isTrue();
        assertThat(choices.get(1).selected()).isFalse();
    }

    @Test
    void withoutALastSavepointNothingIsPreselected() {
        assertThat(SavepointChoice.of(List.of(NEWER, OLDER), null))
                .noneMatch(SavepointChoice::selected);
        assertThat(SavepointChoice.of(List.of(), null)).isEmpty();
        assertThat(SavepointChoice.of(List.of(NEWER), null).get(0).withSelected(true).selected())
                .isTrue();
    }

    @Test
    void sizesReadLikeAPerson() {
        assertThat(SavepointChoice.size(1023)).isEqualTo("1023 B");
        assertThat(SavepointChoice.size(5 * 1024 * 1024 + 1)).isEqualTo("5.0 MB");
    }
}
