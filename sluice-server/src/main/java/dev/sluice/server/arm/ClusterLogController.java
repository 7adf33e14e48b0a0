package dev.sluice.server.arm;

import dev.sluice.api.ClusterLogs;
import dev.sluice.server.common.ArmId;
import dev.sluice.server.logs.ClusterLogFiles;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A cluster's aggregated job logs (Sluice extension): the list of files in its remote log
 * directory, and the tail of one as plain text.
 */
@RestController
@RequestMapping(ClusterPoolController.GROUP + "/clusterpools/{pool}/clusters/{cluster}/logs")
class ClusterLogController {

    private final ClusterLogFiles logs;

    ClusterLogController(ClusterLogFiles logs) {
        this.logs = logs;
    }

    @GetMapping
    ClusterLogs list(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster) {
        return logs.list(ArmId.cluster(sub, rg, pool, cluster));
    }

    @GetMapping("/{fileName}")
    ResponseEntity<String> tail(
            @PathVariable String sub,
            @PathVariable String rg,
            @PathVariable String pool,
            @PathVariable String cluster,
            @PathVariable String fileName,
            @RequestParam(name = "tail", defaultValue = "200") int tail) {
        return ResponseEntity.ok()
                .contentType(
                        new MediaType(
                                MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                .body(logs.tail(ArmId.cluster(sub, rg, pool, cluster), fileName, tail));
    }
}
