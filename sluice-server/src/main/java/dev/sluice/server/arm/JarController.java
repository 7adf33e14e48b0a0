package dev.sluice.server.arm;

import dev.sluice.server.cluster.ClusterRecord;
import dev.sluice.server.cluster.ClusterRegistry;
import dev.sluice.server.common.ApiException;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.storage.JarFiles;
import dev.sluice.server.storage.StorageEntry;
import dev.sluice.server.storage.StorageRoots;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Puts a job jar into a cluster's storage (a Sluice extension): the body is the jar itself. A new
 * upload under the same name replaces the jar, which is how a job is then UPDATEd to it.
 */
@RestController
@RequestMapping(
        "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.HDInsight/clusterpools/{pool}/clusters/{cluster}")
class JarController {

    private final ClusterRegistry clusters;
    private final long maxBytes;

    JarController(
            ClusterRegistry clusters,
            @Value("${sluice.storage.max-jar-bytes:268435456}") long maxBytes) {
        this.clusters = clusters;
        this.maxBytes = maxBytes;
    }

    @PutMapping("/jars/{fileName}")
    ResponseEntity<Map<String, Object>> upload(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String fileName,
            @RequestParam(name = "directory", required = false) String directory,
            HttpServletRequest request) {
        ClusterRecord record = clusters.find(ArmId.cluster(sub, rg, pool, cluster));
        StorageRoots roots = clusters.roots(record);
        String target = directory == null || directory.isBlank() ? "jars" : directory;
        if (request.getContentLengthLong() > maxBytes) {
            throw new ApiException(
                    413, "JarTooLarge", "Jars are limited to " + maxBytes + " bytes", "body");
        }
        StorageEntry stored;
        try (InputStream body = request.getInputStream()) {
            stored = JarFiles.storeJar(roots, target, fileName, body, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long size = stored.size();
        String jobJarDirectory = stored.location().parent().uri();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(
                        Map.of(
                                "jobJarDirectory",
                                jobJarDirectory,
                                "jarName",
                                stored.name(),
                                "size",
                                size));
    }
}
