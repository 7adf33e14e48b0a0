package dev.sluice.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.deploy.local.LocalCluster;
import dev.sluice.server.deploy.local.LocalClusterSpec;
import dev.sluice.server.deploy.local.LocalProcessDeployer;
import dev.sluice.server.flink.RestFlinkClient;
import dev.sluice.server.testing.SluiceTestServer;
import dev.sluice.server.testing.TestFlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seeds' portal flows in a real browser (Debian's headless Chromium) against a real Flink 1.20
 * cluster: sign in, create a pool and a cluster reaching that Flink, upload a jar and submit a job
 * through the New job form, then Savepoint, Stop, Start from a picked savepoint, Update, Stateless
 * update, a failed action's detail, Cancel and Delete; then an application-mode cluster created and
 * deleted. Every page visited is saved under {@code target/portal-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalITCase {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ENTRY_CLASS = "dev.sluice.examples.counter.CounterJob";

    private Path work;
    private LocalProcessDeployer deployer;
    private LocalCluster flink;
    private SluiceTestServer server;
    private Browser browser;
    private String base;
    private String poolUrl;

    @BeforeAll
    void start(@TempDir Path work) throws IOException {
        this.work = work;
        deployer =
                new LocalProcessDeployer(
                        work.resolve("flink"), TestFlink.runtimes(), RestFlinkClient::new, WAIT);
        flink =
                deployer.start(
                        new LocalClusterSpec(
                                "portal-it",
                                "1.20",
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                TestFlink.TEST_MEMORY_MB,
                                1,
                                1,
                                4,
                                Map.of("taskmanager.memory.managed.size", "32m")));
        // The jar is uploaded under the name a user would give it.
        Files.createDirectories(work.resolve("upload"));
        Files.copy(TestFlink.exampleJar("1.20", "v1"), work.resolve("upload/counter.jar"));
        server =
                SluiceTestServer.start(
                        work.resolve("data"),
                        Map.of(
                                "sluice.observer.tick", "500ms",
                                "sluice.actions.checkpoint-interval", "1s"),
                        c -> {});
        base = "http://127.0.0.1:" + server.port();
        browser = Browser.start(Path.of("target/portal-screenshots"), getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (deployer != null) {
            deployer.stopAll();
        }
        // Clusters Sluice itself started (the application-mode one) outlive the server by design.
        new LocalProcessDeployer(
                        work.resolve("data"), TestFlink.runtimes(), RestFlinkClient::new, WAIT)
                .stopAll();
    }

    @Test
    @Order(1)
    void signInCreateAPoolAndASessionClusterReachingFlink() {
        browser.open(base + "/portal");
        if (browser.url().contains("/login")) {
            browser.shot("login");
            JsonNode owner =
                    JsonMapper.builder()
                            .build()
                            .readTree(work.resolve("data/owner-credentials.json").toFile());
            browser.type(By.name("client_id"), owner.path("clientId").asString());
            browser.type(By.name("client_secret"), owner.path("clientSecret").asString());
            browser.click(By.cssSelector("form button[type=submit]"));
            browser.awaitUrl("/portal");
            assertThat(browser.text(By.cssSelector(".principal")))
                    .isEqualTo(owner.path("clientId").asString());
        }
        browser.shot("pools-empty");
        assertThat(browser.text(By.cssSelector("main"))).contains("No cluster pools yet");

        browser.click(By.linkText("New cluster pool"));
        browser.shot("pool-form");
        browser.type(By.id("name"), "pool1");
        browser.type(By.id("subscription"), "sub1");
        browser.type(By.id("resourceGroup"), "rg1");
        browser.click(By.cssSelector("#main form button[type=submit]"));
        browser.awaitText(By.cssSelector("h1"), "Cluster pool pool1");
        poolUrl = browser.url();
        browser.shot("pool-empty");
        assertThat(browser.text(By.cssSelector(".empty"))).contains("No clusters yet");

        browser.click(By.id("new-session-cluster"));
        browser.shot("session-cluster-form");
        browser.type(By.id("name"), "flink1");
        browser.type(By.id("storageUri"), work.resolve("storage").toUri().toString());
        browser.type(By.id("restUrl"), flink.restUrl().toString());
        browser.click(By.id("create-cluster"));
        browser.awaitText(By.cssSelector("#cluster-flink1 .state .badge"), "Succeeded");
        browser.shot("pool-with-cluster");
        assertThat(browser.text(By.cssSelector("#cluster-flink1"))).contains("Flink", "Session");
        assertThat(
                        browser.find(By.cssSelector("#cluster-flink1 a.weblink"))
                                .getDomAttribute("href"))
                .startsWith(flink.restUrl().toString().replaceAll("/$", ""));
    }

    @Test
    @Order(2)
    void uploadAJarAndCreateAJobThroughTheForm() {
        browser.click(By.linkText("flink1"));
        browser.shot("jobs-empty");
        assertThat(browser.text(By.cssSelector("#jobs .empty")))
                .contains("No jobs yet — create one");

        browser.click(By.id("new-job"));
        browser.shot("new-job-form");
        assertThat(browser.find(By.id("parallelism")).getDomProperty("value")).isEqualTo("2");
        assertThat(browser.find(By.id("savepointDirectory")).getDomAttribute("placeholder"))
                .endsWith("/savepoints/<job name>");
        // A name the service refuses: its message shows at the field, the uploaded jar stays.
        browser.type(By.id("jobName"), "Counter");
        browser.find(By.id("jarFile"))
                .sendKeys(work.resolve("upload/counter.jar").toAbsolutePath().toString());
        browser.type(By.id("entryClass"), ENTRY_CLASS);
        browser.type(By.id("args"), args("out"));
        browser.click(By.id("submit-job"));
        browser.awaitVisible(By.id("jobName-error"));
        browser.shot("new-job-refused");
        assertThat(browser.text(By.id("jobName-error"))).contains("lower case");
        assertThat(new Select(browser.find(By.id("jarName"))).getFirstSelectedOption().getText())
                .isEqualTo("counter.jar");
        assertThat(browser.text(By.cssSelector(".notice"))).contains("Uploaded counter.jar");

        browser.type(By.id("jobName"), "counter");
        browser.click(By.id("submit-job"));
        browser.awaitVisible(By.id("job-counter"));
        browser.shot("jobs-new-in-progress");
        assertThat(browser.text(By.cssSelector("#job-counter .last-action"))).isEqualTo("NEW");
        awaitAction("counter", "NEW", "SUCCESS");
        assertThat(status("counter")).isEqualTo("RUNNING");
        assertThat(browser.text(By.cssSelector("#job-counter code"))).matches("[0-9a-f]{32}");
        browser.shot("jobs-running");
    }

    @Test
    @Order(3)
    void savepointThenStop() {
        browser.click(By.cssSelector("#job-counter button[data-action=savepoint]"));
        awaitAction("counter", "SAVEPOINT", "SUCCESS");
        browser.shot("jobs-after-savepoint");

        browser.click(By.cssSelector("#job-counter button[data-action=stop]"));
        browser.shot("jobs-stop-in-progress");
        awaitAction("counter", "STOP", "SUCCESS");
        assertThat(status("counter")).isEqualTo("STOPPED");
        assertThat(browser.text(By.cssSelector("#job-counter .savepoint")))
                .startsWith("savepoint-");
        browser.shot("jobs-stopped");

        // The same list at phone width.
        browser.emulate(390, 844);
        browser.shot("jobs-stopped-phone");
        browser.click(By.linkText("counter"));
        browser.shot("job-detail-phone");
        browser.emulate(0, 0);
        browser.shot("job-detail-stopped");
        assertThat(browser.findAll(By.cssSelector("#savepoints tbody tr"))).hasSize(2);
        browser.back();
    }

    @Test
    @Order(4)
    void startFromAPickedSavepoint() {
        String last = browser.text(By.cssSelector("#job-counter .savepoint"));
        browser.click(By.cssSelector("#job-counter a[data-action=start]"));
        browser.shot("start-form");
        Select picker = new Select(browser.find(By.id("savePointName")));
        assertThat(picker.getOptions()).hasSize(2);
        assertThat(picker.getFirstSelectedOption().getDomProperty("value")).isEqualTo(last);
        assertThat(browser.text(By.id("last-savepoint"))).endsWith(last);
        String older =
                picker.getOptions().stream()
                        .map(o -> o.getDomProperty("value"))
                        .filter(v -> !v.equals(last))
                        .findFirst()
                        .orElseThrow();
        picker.selectByValue(older);
        browser.shot("start-form-picked");
        browser.click(By.id("run-action"));
        awaitAction("counter", "START", "SUCCESS");
        assertThat(status("counter")).isEqualTo("RUNNING");

        browser.click(By.linkText("counter"));
        browser.shot("job-detail-started");
        assertThat(browser.text(By.cssSelector("#history tbody tr:first-child")))
                .contains("START", "SUCCESS", "savePointName=" + older);
        assertThat(browser.text(By.id("job-json"))).contains("\"status\" : \"RUNNING\"");
    }

    @Test
    @Order(5)
    void updateAndStatelessUpdateFromTheDetailPage() {
        browser.click(By.cssSelector("a[data-action=update]"));
        browser.shot("update-form");
        assertThat(browser.find(By.id("args")).getDomProperty("value")).isEqualTo(args("out"));
        browser.type(By.id("args"), args("out-updated"));
        browser.click(By.id("run-action"));
        awaitDetail("UPDATE", "SUCCESS");
        browser.shot("job-detail-updated");
        assertThat(browser.text(By.id("job-status"))).isEqualTo("RUNNING");
        assertThat(browser.text(By.id("job-json"))).contains("out-updated");

        browser.click(By.cssSelector("a[data-action=stateless-update]"));
        browser.shot("stateless-update-confirm");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Stateless update job counter?");
        assertThat(browser.text(By.id("run-action"))).isEqualTo("Yes, stateless update counter");
        browser.click(By.id("run-action"));
        awaitDetail("STATELESS_UPDATE", "SUCCESS");
        assertThat(browser.text(By.id("job-status"))).isEqualTo("RUNNING");
        browser.shot("job-detail-stateless-updated");
    }

    @Test
    @Order(6)
    void aFailedActionShowsWhyOnTheJobsPage() {
        browser.click(By.cssSelector(".crumbs li:nth-child(3) a"));
        browser.click(By.id("new-job"));
        browser.type(By.id("jobName"), "broken");
        new Select(browser.find(By.id("jarName"))).selectByValue("counter.jar");
        browser.type(By.id("entryClass"), "dev.sluice.examples.counter.NoSuchJob");
        browser.type(By.id("args"), args("out-broken"));
        browser.shot("new-job-picked-jar");
        browser.click(By.id("submit-job"));
        awaitAction("broken", "NEW", "FAILED");
        browser.shot("jobs-with-failed");

        browser.click(By.cssSelector("#job-broken .action-result a"));
        browser.shot("job-detail-failed");
        assertThat(browser.text(By.cssSelector("#last-action h2"))).contains("NEW", "FAILED");
        assertThat(browser.text(By.id("failure"))).isNotBlank().contains("NoSuchJob");

        browser.click(By.cssSelector("a[data-action=delete]"));
        browser.shot("delete-confirm");
        browser.click(By.id("run-action"));
        browser.awaitGone(By.id("job-broken"));
        browser.shot("jobs-after-delete-broken");
    }

    @Test
    @Order(7)
    void cancelAndDeleteWithConfirmation() {
        browser.click(By.cssSelector("#job-counter a[data-action=cancel]"));
        browser.shot("cancel-confirm");
        assertThat(browser.text(By.cssSelector(".lead"))).contains("permanently");
        browser.click(By.id("run-action"));
        awaitAction("counter", "CANCEL", "SUCCESS");
        assertThat(status("counter")).isEqualTo("CANCELLED");
        browser.shot("jobs-cancelled");

        browser.click(By.cssSelector("#job-counter a[data-action=delete]"));
        browser.click(By.id("run-action"));
        browser.awaitVisible(By.cssSelector("#jobs .empty"));
        browser.shot("jobs-empty-again");
    }

    @Test
    @Order(8)
    void createAndDeleteAnApplicationModeCluster() {
        browser.open(poolUrl);
        browser.click(By.id("new-application-cluster"));
        browser.type(By.id("name"), "app1");
        browser.type(By.id("storageUri"), work.resolve("storage").toUri().toString());
        browser.type(By.id("jarName"), "counter.jar");
        browser.type(By.id("entryClass"), ENTRY_CLASS);
        browser.type(By.id("args"), args("out-app"));
        browser.type(By.id("taskManagerMemory"), Integer.toString(TestFlink.TEST_MEMORY_MB));
        browser.type(By.id("jobManagerMemory"), Integer.toString(TestFlink.TEST_MEMORY_MB));
        browser.type(By.id("flinkConfiguration"), "taskmanager.memory.managed.size: 32m");
        browser.shot("application-cluster-form");
        browser.click(By.id("create-cluster"));
        browser.awaitVisible(By.id("cluster-app1"));
        browser.shot("pool-app-cluster-provisioning");
        browser.awaitText(By.cssSelector("#cluster-app1 .state .badge"), "Succeeded", WAIT);
        browser.shot("pool-app-cluster-succeeded");
        assertThat(browser.text(By.cssSelector("#cluster-app1"))).contains("Application");

        browser.click(By.linkText("app1"));
        String job = browser.find(By.cssSelector("#jobs a.job-link")).getText();
        awaitAction(job, "NEW", "SUCCESS");
        browser.awaitText(By.cssSelector("#job-" + job + " .badge.status"), "RUNNING", WAIT);
        browser.shot("app-cluster-jobs");

        // The cluster refuses deletion while its job runs: cancel it first.
        browser.click(By.cssSelector("#job-" + job + " a[data-action=cancel]"));
        browser.click(By.id("run-action"));
        awaitAction(job, "CANCEL", "SUCCESS");
        browser.click(By.linkText("Delete cluster"));
        browser.shot("cluster-delete-confirm");
        browser.click(By.id("confirm-delete"));
        browser.awaitText(By.cssSelector(".notice"), "Deleting cluster app1");
        browser.awaitGone(By.id("cluster-app1"));
        browser.shot("pool-after-app-delete");
    }

    @Test
    @Order(9)
    void signOut() {
        if (browser.findAll(By.id("logout")).isEmpty()) {
            return; // No session login in this build: nothing to sign out of.
        }
        browser.click(By.id("logout"));
        browser.awaitUrl("/login");
        browser.shot("signed-out");
        browser.open(base + "/portal");
        assertThat(browser.url()).contains("/login");
    }

    private String args(String output) {
        return "--output " + work.resolve(output) + " --rate 20 --keys 2";
    }

    private String status(String job) {
        return browser.text(By.cssSelector("#job-" + job + " .badge.status"));
    }

    /** Waits, without reloading, until the list's polling shows the action's result. */
    private void awaitAction(String job, String action, String result) {
        browser.awaitText(By.cssSelector("#job-" + job + " .last-action"), action);
        browser.awaitText(By.cssSelector("#job-" + job + " .action-result .badge"), result, WAIT);
    }

    /** Waits, without reloading, until the job page's polling shows the action's result. */
    private void awaitDetail(String action, String result) {
        browser.awaitText(By.cssSelector("#last-action h2"), action);
        browser.awaitText(By.cssSelector("#last-action h2 .badge"), result, WAIT);
    }
}
