package dev.sluice.server.deploy.local;

import dev.sluice.server.deploy.DeploymentException;
import dev.sluice.server.deploy.DeploymentFailure.Kind;
import dev.sluice.server.deploy.local.LocalClusterSpec.Application;
import dev.sluice.server.storage.Storage;
import dev.sluice.server.storage.StorageLocation;
import dev.sluice.server.storage.StorageSchemes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What makes a local cluster an application cluster: the job jar copied into the cluster's own
 * directory, the arguments of Flink's {@code StandaloneApplicationClusterEntryPoint}, and the
 * configuration keys Sluice relies on in application mode.
 */
final class ApplicationLaunch {

    static final String USRLIB = "usrlib";

    private ApplicationLaunch() {}

    /**
     * Keys that win over the user's: the JobManager must outlive its job (a STOP leaves the REST
     * API up to report the savepoint), and a job whose main() fails must still show up as FAILED
     * under Sluice's job id instead of the JobManager just exiting.
     */
    static Map<String, String> configuration(Path clusterDir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("execution.shutdown-on-application-finish", "false");
        config.put("execution.submit-failed-job-on-application-error", "true");
        // Flink's default is /opt/flink/artifacts; a stale jar of the same name there would win.
        config.put("user.artifacts.base-dir", clusterDir.resolve("artifacts").toString());
        return config;
    }

    /**
     * The entrypoint's arguments after {@code --configDir}: the job jar as a {@code local://}
     * artifact (Flink then ships it to the TaskManagers through its blob server), class, job id,
     * restore path, and after {@code --} the program arguments, so that none of them is taken for
     * an option of the entrypoint.
     */
    static List<String> arguments(
            Application application, Path clusterDir, StorageSchemes storages) {
        Path jar = copyJar(application, clusterDir, storages);
        List<String> args = new ArrayList<>();
        args.add("--jars");
        args.add("local://" + jar.toAbsolutePath());
        args.add("--job-classname");
        args.add(application.entryClass());
        args.add("--job-id");
        args.add(application.jobId());
        if (application.restorePath() != null) {
            args.add("--fromSavepoint");
            args.add(application.restorePath());
        }
        args.add("--");
        args.addAll(application.args());
        return args;
    }

    /**
     * The jar as it is in storage now, copied once per Flink job id: a restart of the same
     * deployment runs the same bytes, a redeploy takes the jar as it is then. Copies of earlier
     * deployments are removed.
     */
    private static Path copyJar(Application application, Path clusterDir, StorageSchemes storages) {
        Path usrlib = clusterDir.resolve(USRLIB);
        Path target = usrlib.resolve(application.jobId() + ".jar");
        try {
            Files.createDirectories(usrlib);
            try (Stream<Path> files = Files.list(usrlib)) {
                for (Path old : files.filter(f -> !f.equals(target)).toList()) {
                    Files.deleteIfExists(old);
                }
            }
            if (!Files.isRegularFile(target)) {
                Path tmp = usrlib.resolve("." + application.jobId() + ".tmp");
                if (application.remote()) {
                    // Remote storage (Azure): a download through the storage port, where the
                    // cluster's credentials are.
                    StorageLocation jar = new StorageLocation(application.jar());
                    try (Storage.LocalCopy copy = storages.of(jar).localCopy(jar)) {
                        Files.copy(copy.path(), tmp, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    Files.copy(
                            Path.of(application.jar()), tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
            return target;
        } catch (IOException e) {
            throw new DeploymentException(
                    Kind.IO_ERROR,
                    "Cannot copy the job jar " + application.jar() + " into " + usrlib + ": " + e,
                    e);
        }
    }
}
