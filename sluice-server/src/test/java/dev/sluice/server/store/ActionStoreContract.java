package dev.sluice.server.store;

import static dev.sluice.server.store.StoreFixtures.T1;
import static dev.sluice.server.store.StoreFixtures.T2;
import static dev.sluice.server.store.StoreFixtures.T3;
import static dev.sluice.server.store.StoreFixtures.action;
import static dev.sluice.server.store.StoreFixtures.sparseAction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.job.ActionResult;
import dev.sluice.server.job.ActionStore;
import dev.sluice.server.job.JobAction;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DuplicateKeyException;

/**
 * What ActionStore promises, against a freshly migrated database; one subclass per database, which
 * names it by a StoreDatabase extension.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ActionStoreContract {

    private StoreDatabase database;
    private ActionStore actions;

    @BeforeAll
    void start(StoreDatabase database) {
        this.database = database;
        actions = database.actions;
    }

    @BeforeEach
    void emptyTables() {
        database.emptyTables();
    }

    @Test
    void insertedActionRoundTripsEveryField() {
        JobAction full = action("a1", 7, ActionResult.IN_PROGRESS, T1);

        actions.insert(full);

        assertThat(actions.find("a1")).contains(full);
        assertThat(actions.find("a1").orElseThrow().parameters())
                .containsEntry("flinkConfiguration.savepoint.directory", "abfs://sp")
                .containsEntry("args", "--input x");
        assertThat(actions.find("missing")).isEmpty();
        assertThatThrownBy(() -> actions.insert(full)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void insertSetsMissingTimesAndKeepsNulls() {
        JobAction sparse = sparseAction("a1");

        Instant before = Instant.now().minusSeconds(1);
        actions.insert(sparse);

        JobAction found = actions.find("a1").orElseThrow();
        assertThat(found.createdAt()).isAfter(before).isEqualTo(found.updatedAt());
        assertThat(found.outcome().endedAt()).isNull();
        assertThat(found.parameters()).isEmpty();
        assertThat(found.principal()).isNull();
        assertThat(found.outcome().snapshot()).isNull();
    }

    @Test
    void updateWritesTheWholeActionAndSetsUpdatedAt() {
        actions.insert(action("a1", 7, ActionResult.IN_PROGRESS, T1));
        JobAction stepped =
                actions.find("a1")
                        .orElseThrow()
                        .withStep("submitted")
                        .withFlinkJobId("f9")
                        .withTriggerId("t9")
                        .withSavepointPath("abfs://sp/9");

        JobAction updated = actions.update(stepped);

        assertThat(updated.updatedAt()).isNotEqualTo(T1);
        assertThat(updated.createdAt()).isEqualTo(T1);
        assertThat(actions.find("a1")).contains(updated);

        JobAction ended =
                actions.update(updated.ended(ActionResult.FAILED, "out", "boom", "{\"j\":1}", T3));
        assertThat(actions.find("a1")).contains(ended);
        assertThat(ended.outcome().endedAt()).isEqualTo(T3);
        assertThat(ended.outcome().failure()).isEqualTo("boom");
        assertThat(actions.findInProgressForJob(7)).isEmpty();
        assertThatThrownBy(() -> actions.update(action("nope", 7, ActionResult.SUCCESS, T1)))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void listsNewestFirstPerJobAndInProgressOldestFirst() {
        actions.insert(action("old", 1, ActionResult.SUCCESS, T1));
        actions.insert(action("mid", 1, ActionResult.FAILED, T2));
        actions.insert(action("new", 1, ActionResult.IN_PROGRESS, T3));
        actions.insert(action("other-late", 2, ActionResult.IN_PROGRESS, T2));
        actions.insert(action("other-early", 3, ActionResult.IN_PROGRESS, T1));

        assertThat(actions.listForJob(1, 10))
                .extracting(JobAction::id)
                .containsExactly("new", "mid", "old");
        assertThat(actions.listForJob(1, 2))
                .extracting(JobAction::id)
                .containsExactly("new", "mid");
        assertThat(actions.listForJob(99, 10)).isEmpty();
        assertThat(actions.listInProgress())
                .extracting(JobAction::id)
                .containsExactly("other-early", "other-late", "new");
        assertThat(actions.findInProgressForJob(1)).map(JobAction::id).contains("new");
        assertThat(actions.findInProgressForJob(2)).map(JobAction::id).contains("other-late");
        assertThat(actions.findInProgressForJob(4)).isEmpty();
    }
}
