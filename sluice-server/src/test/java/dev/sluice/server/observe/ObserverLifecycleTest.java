package dev.sluice.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.cluster.ResourceStore;
import dev.sluice.server.job.JobStore;
import dev.sluice.server.storage.LocalStorage;
import dev.sluice.server.storage.StorageSchemes;
import dev.sluice.server.store.Leases;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The observer's own scheduler and its settings. */
class ObserverLifecycleTest {

    private final ObserverFixture fixture = new ObserverFixture();
    private final ClusterRecord alpha = fixture.cluster("alpha");

    @Test
    void schedulerKeepsRunningAfterAFailedRoundAndStopsOnClose() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        JobStatusObserver observer =
                fixture.observer(
                        new ObserverProperties(
                                Duration.ofMillis(10),
                                Duration.ofSeconds(10),
                                true,
                                Duration.ZERO,
                                Duration.ZERO),
                        () -> {
                            if (rounds.incrementAndGet() == 1) {
                                throw new IllegalStateException("database briefly away");
                            }
                            return fixture.resources.listAllClusters();
                        });
        FakeFlinkClient flink = fixture.flink(alpha);

        observer.start();
        observer.start(); // a second ready event must not start a second scheduler

        assertThat(eventually(() -> flink.jobsOverviewCalls.get() >= 3)).isTrue();
        assertThat(observer.isRunning()).isTrue();
        observer.destroy();
        assertThat(observer.isRunning()).isFalse();
        int calls = flink.jobsOverviewCalls.get();
        Thread.sleep(50);
        assertThat(flink.jobsOverviewCalls).hasValue(calls);
    }

    @Test
    void disabledObserverNeverStarts() throws Exception {
        JobStatusObserver observer =
                fixture.observer(
                        new ObserverProperties(
                                Duration.ofMillis(10),
                                Duration.ofSeconds(10),
                                false,
                                Duration.ZERO,
                                Duration.ZERO),
                        fixture.resources::listAllClusters);

        observer.start();
        Thread.sleep(50);

        assertThat(observer.isRunning()).isFalse();
        assertThat(fixture.flink(alpha).jobsOverviewCalls).hasValue(0);
        observer.destroy();
    }

    @Test
    void propertiesHaveDefaultsAndBindFromConfiguration() {
        ObserverProperties defaults =
                new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("sluice.observer", ObserverProperties.class);
        assertThat(defaults.tick()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.checkpointEvery()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.causeRereadAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.finishedGrace()).isEqualTo(Duration.ofSeconds(5));

        ObserverProperties set =
                new Binder(
                                new MapConfigurationPropertySource(
                                        Map.of(
                                                "sluice.observer.tick", "500ms",
                                                "sluice.observer.checkpoint-every", "1m",
                                                "sluice.observer.enabled", "false",
                                                "sluice.observer.finished-grace", "1s",
                                                "sluice.observer.cause-reread-after", "7s")))
                        .bindOrCreate("sluice.observer", ObserverProperties.class);
        assertThat(set)
                .isEqualTo(
                        new ObserverProperties(
                                Duration.ofMillis(500),
                                Duration.ofMinutes(1),
                                false,
                                Duration.ofSeconds(1),
                                Duration.ofSeconds(7)));
        assertThatThrownBy(
                        () ->
                                new ObserverProperties(
                                        Duration.ZERO,
                                        Duration.ofSeconds(1),
                                        true,
                                        Duration.ZERO,
                                        Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void springWiresTheObserverAndClosingTheContextStopsIt() {
        new ApplicationContextRunner()
                .withBean(JobStore.class, () -> fixture.jobs)
                .withBean(ResourceStore.class, () -> fixture.resources)
                .withBean(LocalStorage.class)
                .withBean(StorageSchemes.class)
                .withBean(ClusterRegistry.class)
                .withBean(Leases.class, () -> fixture.leases)
                .withBean(ObservationClaims.class)
                .withBean(JobManagerRestarts.class, () -> JobManagerRestarts.NONE)
                .withUserConfiguration(Settings.class)
                .withBean(JobStatusObserver.class)
                .withPropertyValues("sluice.observer.tick=1h")
                .run(
                        context -> {
                            assertThat(context).hasNotFailed();
                            JobStatusObserver observer = context.getBean(JobStatusObserver.class);
                            observer.start(); // what ApplicationReadyEvent does in the server
                            assertThat(observer.isRunning()).isTrue();
                            context.close();
                            assertThat(observer.isRunning()).isFalse();
                        });
    }

    @EnableConfigurationProperties(ObserverProperties.class)
    static class Settings {}

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }
}
