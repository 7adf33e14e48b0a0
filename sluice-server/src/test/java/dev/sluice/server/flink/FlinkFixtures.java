package dev.sluice.server.flink;

/**
 * Flink REST answers recorded from real Flink 1.20.3 and 2.3.0 session clusters, with long stack
 * traces shortened and long arrays cut; field names, nesting and value types are verbatim.
 */
final class FlinkFixtures {

    private FlinkFixtures() {}

    /** GET /overview, Flink 1.20.3. */
    static final String OVERVIEW_1_20 =
            """
            {
              "taskmanagers": 1,
              "slots-total": 2,
              "slots-available": 1,
              "jobs-running": 1,
              "jobs-finished": 0,
              "jobs-cancelled": 0,
              "jobs-failed": 0,
              "flink-version": "1.20.3",
              "flink-commit": "01e3a6d"
            }
            """;

    /** GET /overview, Flink 2.3.0. */
    static final String OVERVIEW_2_3 =
            """
            {
              "taskmanagers": 1,
              "slots-total": 2,
              "slots-available": 1,
              "jobs-running": 1,
              "jobs-finished": 0,
              "jobs-cancelled": 0,
              "jobs-failed": 0,
              "flink-version": "2.3.0",
              "flink-commit": "c0f8d1a"
            }
            """;

    /** GET /jobs/overview, Flink 1.20.3: a cancelled and a failed job. */
    static final String JOBS_OVERVIEW_1_20 =
            """
            {
              "jobs": [
                {"jid": "00000000000000000000000000000004", "name": "demo-job", "start-time": 1795436040879, "end-time": 1795436051328, "duration": 10449, "state": "CANCELED", "last-modification": 1795436051328, "tasks": {"running": 0, "canceling": 0, "canceled": 1, "total": 2, "created": 0, "scheduled": 0, "deploying": 0, "reconciling": 0, "finished": 1, "initializing": 0, "failed": 0}},
                {"jid": "00000000000000000000000000000005", "name": "demo-job-fail", "start-time": 1795436051251, "end-time": 1795436052532, "duration": 1281, "state": "FAILED", "last-modification": 1795436052532, "tasks": {"running": 0, "canceling": 0, "canceled": 0, "total": 1, "created": 0, "scheduled": 0, "deploying": 0, "reconciling": 0, "finished": 0, "initializing": 0, "failed": 1}}
              ]
            }
            """;

    /**
     * GET /jobs/overview, Flink 2.3.0 (extra jobType/schedulerType/pending-operators): a running
     * and a failed job.
     */
    static final String JOBS_OVERVIEW_2_3 =
            """
            {
              "jobs": [
                {"jid": "00000000000000000000000000000001", "name": "demo-job", "jobType": "STREAMING", "schedulerType": "Default", "start-time": 1795436118464, "end-time": -1, "duration": 4456, "state": "RUNNING", "last-modification": 1795436119206, "tasks": {"running": 1, "canceling": 0, "canceled": 0, "total": 1, "created": 0, "scheduled": 0, "deploying": 0, "reconciling": 0, "finished": 0, "initializing": 0, "failed": 0}, "pending-operators": 0},
                {"jid": "00000000000000000000000000000005", "name": "demo-job-fail", "jobType": "STREAMING", "schedulerType": "Default", "start-time": 1795436159124, "end-time": 1795436160533, "duration": 1409, "state": "FAILED", "last-modification": 1795436160533, "tasks": {"running": 0, "canceling": 0, "canceled": 0, "total": 1, "created": 0, "scheduled": 0, "deploying": 0, "reconciling": 0, "finished": 0, "initializing": 0, "failed": 1}, "pending-operators": 0}
              ]
            }
            """;

    /** GET /jobs/:jobid of a running job, Flink 1.20.3 (plan dropped). */
    static final String JOB_DETAIL_1_20_RUNNING =
            """
            {
              "jid": "00000000000000000000000000000001",
              "name": "demo-job",
              "isStoppable": false,
              "state": "RUNNING",
              "job-type": "STREAMING",
              "start-time": 1795435942725,
              "end-time": -1,
              "duration": 41074,
              "maxParallelism": -1,
              "now": 1795435983799,
              "timestamps": {
                "CREATED": 1795435942801,
                "RUNNING": 1795435942870,
                "FAILING": 0,
                "CANCELED": 0,
                "SUSPENDED": 0,
                "CANCELLING": 0,
                "RESTARTING": 0,
                "FINISHED": 0,
                "RECONCILING": 0,
                "INITIALIZING": 1795435942725,
                "FAILED": 0
              },
              "vertices": [
                {"id": "cbc357ccb763df2852fee8c4fc7d55f2", "slotSharingGroupId": "f9f0b745aaafbeb3c5bad0f37ba08605", "name": "Source: Sequence Source -> Map -> Filter -> Sink: Print to Std. Out", "maxParallelism": 128, "parallelism": 1, "status": "RUNNING", "start-time": 1795435943142, "end-time": -1, "duration": 40657, "tasks": {"DEPLOYING": 0, "FINISHED": 0, "CANCELING": 0, "SCHEDULED": 0, "RECONCILING": 0, "RUNNING": 1, "INITIALIZING": 0, "CREATED": 0, "FAILED": 0, "CANCELED": 0}, "metrics": {"read-bytes": 0, "read-bytes-complete": true, "write-bytes": 0, "write-bytes-complete": true, "read-records": 0, "read-records-complete": true, "write-records": 0, "write-records-complete": true, "accumulated-backpressured-time": 0, "accumulated-idle-time": 23, "accumulated-busy-time": 4971.0}}
              ],
              "status-counts": {
                "DEPLOYING": 0,
                "FINISHED": 0,
                "CANCELING": 0,
                "SCHEDULED": 0,
                "RECONCILING": 0,
                "RUNNING": 1,
                "INITIALIZING": 0,
                "CREATED": 0,
                "FAILED": 0,
                "CANCELED": 0
              }
            }
            """;

    /**
     * GET /jobs/:jobid after stop-with-savepoint, Flink 2.3.0 (extra application-id/schedulerType;
     * plan dropped).
     */
    static final String JOB_DETAIL_2_3_FINISHED =
            """
            {
              "jid": "00000000000000000000000000000001",
              "application-id": "00000000000000000000000000000001",
              "name": "demo-job",
              "isStoppable": false,
              "state": "FINISHED",
              "job-type": "STREAMING",
              "schedulerType": "Default",
              "start-time": 1795436118464,
              "end-time": 1795436147260,
              "duration": 28796,
              "maxParallelism": -1,
              "now": 1795436148206,
              "timestamps": {
                "FINISHED": 1795436147260,
                "CREATED": 1795436118613,
                "FAILING": 0,
                "RUNNING": 1795436118695,
                "CANCELLING": 0,
                "CANCELED": 0,
                "RECONCILING": 0,
                "FAILED": 0,
                "INITIALIZING": 1795436118464,
                "RESTARTING": 0,
                "SUSPENDED": 0
              },
              "vertices": [
                {"id": "cbc357ccb763df2852fee8c4fc7d55f2", "slotSharingGroupId": "ce2b5213d08c71d1de0356a2e95bd837", "name": "Source: Sequence Source -> Map -> Filter -> Sink: Print to Std. Out", "maxParallelism": 128, "parallelism": 1, "status": "FINISHED", "start-time": 1795436118910, "end-time": 1795436147254, "duration": 28344, "tasks": {"CREATED": 0, "FAILED": 0, "DEPLOYING": 0, "CANCELED": 0, "SCHEDULED": 0, "RUNNING": 0, "RECONCILING": 0, "CANCELING": 0, "FINISHED": 1, "INITIALIZING": 0}, "metrics": {"read-bytes": 0, "read-bytes-complete": true, "write-bytes": 0, "write-bytes-complete": true, "read-records": 0, "read-records-complete": true, "write-records": 0, "write-records-complete": true, "accumulated-backpressured-time": 0, "accumulated-idle-time": 28, "accumulated-busy-time": 28046.0}}
              ],
              "status-counts": {
                "CREATED": 0,
                "FAILED": 0,
                "DEPLOYING": 0,
                "CANCELED": 0,
                "SCHEDULED": 0,
                "RUNNING": 0,
                "RECONCILING": 0,
                "CANCELING": 0,
                "FINISHED": 1,
                "INITIALIZING": 0
              },
              "pending-operators": 0
            }
            """;

    /**
     * GET /jobs/:jobid/checkpoints, Flink 2.3.0: JobManager-memory checkpoints, one savepoint, one
     * failed savepoint, not restored.
     */
    static final String CHECKPOINTS_2_3 =
            """
            {
              "counts": {"restored": 0, "total": 24, "in_progress": 0, "completed": 23, "failed": 1},
              "summary": {
                "state_size": {"min": 265, "max": 265, "avg": 265, "p50": 265.0, "p90": 265.0, "p95": 265.0, "p99": 265.0, "p999": 265.0}
              },
              "latest": {
                "completed": {"className": "completed", "id": 24, "status": "COMPLETED", "is_savepoint": false, "savepointFormat": null, "trigger_timestamp": 1795436140207, "latest_ack_timestamp": 1795436140238, "checkpointed_size": 265, "state_size": 265, "end_to_end_duration": 31, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 1, "num_acknowledged_subtasks": 1, "checkpoint_type": "CHECKPOINT", "tasks": {}, "external_path": "<checkpoint-not-externally-addressable>", "discarded": false},
                "savepoint": {"className": "completed", "id": 13, "status": "COMPLETED", "is_savepoint": true, "savepointFormat": "CANONICAL", "trigger_timestamp": 1795436130833, "latest_ack_timestamp": 1795436130887, "checkpointed_size": 265, "state_size": 265, "end_to_end_duration": 54, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 1, "num_acknowledged_subtasks": 1, "checkpoint_type": "SAVEPOINT", "tasks": {}, "external_path": "file:/tmp/flinkv/sp-2.3.0/savepoint-000000-3ec94bf6484e", "discarded": false},
                "failed": {"className": "failed", "id": 16, "status": "FAILED", "is_savepoint": true, "savepointFormat": "CANONICAL", "trigger_timestamp": 1795436132898, "latest_ack_timestamp": -1, "checkpointed_size": 0, "state_size": 0, "end_to_end_duration": 3, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 1, "num_acknowledged_subtasks": 0, "checkpoint_type": "SAVEPOINT", "tasks": {}, "failure_timestamp": 1795436132901, "failure_message": "An Exception occurred while triggering the checkpoint. IO-problem detected."},
                "restored": null
              },
              "history": [
                {"className": "completed", "id": 24, "status": "COMPLETED", "is_savepoint": false, "savepointFormat": null, "trigger_timestamp": 1795436140207, "latest_ack_timestamp": 1795436140238, "checkpointed_size": 265, "state_size": 265, "end_to_end_duration": 31, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 1, "num_acknowledged_subtasks": 1, "checkpoint_type": "CHECKPOINT", "tasks": {}, "external_path": "<checkpoint-not-externally-addressable>", "discarded": false}
              ]
            }
            """;

    /** GET /jobs/:jobid/checkpoints, Flink 1.20.3, of a job restored from a savepoint. */
    static final String CHECKPOINTS_1_20_RESTORED =
            """
            {
              "counts": {"restored": 1, "total": 5, "in_progress": 0, "completed": 5, "failed": 0},
              "summary": {
                "state_size": {"min": 265, "max": 499, "avg": 311, "p50": 265.0, "p90": 499.0, "p95": 499.0, "p99": 499.0, "p999": 499.0}
              },
              "latest": {
                "completed": {"className": "completed", "id": 87, "status": "COMPLETED", "is_savepoint": false, "savepointFormat": null, "trigger_timestamp": 1795436045433, "latest_ack_timestamp": 1795436045454, "checkpointed_size": 265, "state_size": 265, "end_to_end_duration": 21, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 2, "num_acknowledged_subtasks": 2, "checkpoint_type": "CHECKPOINT", "tasks": {}, "external_path": "<checkpoint-not-externally-addressable>", "discarded": false},
                "savepoint": null,
                "failed": null,
                "restored": {"id": 82, "restore_timestamp": 1795436040888, "is_savepoint": true, "external_path": "file:/tmp/flinkv/sp-1.20.3/savepoint-000000-145d80ab0960"}
              },
              "history": [
                {"className": "completed", "id": 87, "status": "COMPLETED", "is_savepoint": false, "savepointFormat": null, "trigger_timestamp": 1795436045433, "latest_ack_timestamp": 1795436045454, "checkpointed_size": 265, "state_size": 265, "end_to_end_duration": 21, "alignment_buffered": 0, "processed_data": 0, "persisted_data": 0, "num_subtasks": 2, "num_acknowledged_subtasks": 2, "checkpoint_type": "CHECKPOINT", "tasks": {}, "external_path": "<checkpoint-not-externally-addressable>", "discarded": false}
              ]
            }
            """;

    /**
     * GET /jobs/:jobid/checkpoints, Flink 2.3.0, of a job that failed before its first checkpoint
     * (note the "NaN" strings).
     */
    static final String CHECKPOINTS_2_3_EMPTY =
            """
            {
              "counts": {"restored": 0, "total": 0, "in_progress": 0, "completed": 0, "failed": 0},
              "summary": {
                "state_size": {"min": 0, "max": 0, "avg": 0, "p50": "NaN", "p90": "NaN", "p95": "NaN", "p99": "NaN", "p999": "NaN"}
              },
              "latest": {"completed": null, "savepoint": null, "failed": null, "restored": null},
              "history": []
            }
            """;

    /**
     * GET /jobs/:jobid/exceptions, Flink 1.20.3, job failed in user code without restarts (stack
     * traces shortened).
     */
    static final String EXCEPTIONS_1_20_FAILED =
            """
            {
              "root-exception": "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailureAndReport(ExecutionFailureHandler.java:166)\\nCaused by: java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n",
              "timestamp": 1795436052529,
              "all-exceptions": [
                {"exception": "java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n", "task": "Source: Sequence Source -> Map -> Filter -> Sink: Print to Std. Out (1/1)", "location": "localhost:38993", "endpoint": "localhost:38993", "timestamp": 1795436052520, "taskManagerId": "127.0.0.1:35969-ab6718"}
              ],
              "truncated": false,
              "exceptionHistory": {
                "entries": [{"exceptionName": "org.apache.flink.runtime.JobException", "stacktrace": "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailureAndReport(ExecutionFailureHandler.java:166)\\nCaused by: java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n", "timestamp": 1795436052532, "failureLabels": {}, "concurrentExceptions": [{"exceptionName": "java.lang.IllegalStateException", "stacktrace": "java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n", "timestamp": 1795436052520, "failureLabels": {}, "taskName": "Source: Sequence Source -> Map -> Filter -> Sink: Print to Std. Out (1/1) - execution #0", "location": "localhost:38993", "endpoint": "localhost:38993", "taskManagerId": "127.0.0.1:35969-ab6718"}]}],
                "truncated": false
              }
            }
            """;

    /**
     * GET /jobs/:jobid/exceptions, Flink 2.3.0: root-exception/timestamp/all-exceptions are gone
     * (stack traces shortened).
     */
    static final String EXCEPTIONS_2_3_FAILED =
            """
            {
              "exceptionHistory": {
                "entries": [{"exceptionName": "org.apache.flink.runtime.JobException", "stacktrace": "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:213)\\n\\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailureAndReport(ExecutionFailureHandler.java:163)\\nCaused by: java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n", "timestamp": 1795436160533, "failureLabels": {}, "concurrentExceptions": [{"exceptionName": "java.lang.IllegalStateException", "stacktrace": "java.lang.IllegalStateException: boom at 51\\n\\tat demo.Job$1.map(Job.java:16)\\n\\tat demo.Job$1.map(Job.java:12)\\n", "timestamp": 1795436160511, "failureLabels": {}, "taskName": "Source: Sequence Source -> Map -> Filter -> Sink: Print to Std. Out (1/1) - execution #0", "endpoint": "localhost:41107", "taskManagerId": "127.0.0.1:35063-52f338"}]}],
                "truncated": false
              }
            }
            """;

    /** GET /jobs/:jobid/exceptions, Flink 1.20.3, job without failures. */
    static final String EXCEPTIONS_1_20_NONE =
            """
            {
              "root-exception": null,
              "timestamp": null,
              "all-exceptions": [],
              "truncated": false,
              "exceptionHistory": {"entries": [], "truncated": false}
            }
            """;

    /** GET /jobs/:jobid/exceptions, Flink 2.3.0, job without failures. */
    static final String EXCEPTIONS_2_3_NONE =
            """
            {"exceptionHistory": {"entries": [], "truncated": false}}
            """;

    /** GET /jobs/:jobid/savepoints/:triggerid right after the trigger (both versions). */
    static final String SAVEPOINT_IN_PROGRESS =
            """
            {"status": {"id": "IN_PROGRESS"}, "operation": null}
            """;

    /** GET /jobs/:jobid/savepoints/:triggerid, succeeded, Flink 1.20.3. */
    static final String SAVEPOINT_COMPLETED =
            """
            {
              "status": {"id": "COMPLETED"},
              "operation": {"location": "file:/tmp/flinkv/sp-1.20.3/savepoint-000000-6914f8efe0b8"}
            }
            """;

    /**
     * GET /jobs/:jobid/savepoints/:triggerid, failed (unwritable target directory), Flink 2.3.0
     * (trace shortened, serialized-throwable dropped).
     */
    static final String SAVEPOINT_FAILED =
            """
            {
              "status": {"id": "COMPLETED"},
              "operation": {
                "failure-cause": {"class": "java.util.concurrent.CompletionException", "stack-trace": "java.util.concurrent.CompletionException: org.apache.flink.runtime.checkpoint.CheckpointException: An Exception occurred while triggering the checkpoint. IO-problem detected.\\n\\tat java.base/java.util.concurrent.CompletableFuture.encodeRelay(CompletableFuture.java:368)\\n\\tat java.base/java.util.concurrent.CompletableFuture.completeRelay(CompletableFuture.java:377)\\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: An Exception occurred while triggering the checkpoint. IO-problem detected.\\n\\tat org.apache.flink.runtime.checkpoint.PendingCheckpoint.abort(PendingCheckpoint.java:561)\\n\\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.abortPendingCheckpoint(CheckpointCoordinator.java:2269)\\nCaused by: java.io.IOException: Failed to create savepoint directory at file:/proc/nope/x\\n\\tat org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.initializeLocationForSavepoint(AbstractFsCheckpointStorageAccess.java:191)\\n\\tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.initializeCheckpointLocation(CheckpointCoordinator.java:882)\\n\\t... 3 more\\n"}
              }
            }
            """;

    /** GET /savepoint-disposal/:triggerid, succeeded (both versions). */
    static final String DISPOSAL_COMPLETED =
            """
            {"status": {"id": "COMPLETED"}, "operation": {}}
            """;

    /**
     * GET /savepoint-disposal/:triggerid, failed (no such savepoint), Flink 1.20.3 (trace
     * shortened).
     */
    static final String DISPOSAL_FAILED =
            """
            {
              "status": {"id": "COMPLETED"},
              "operation": {
                "failure-cause": {"class": "org.apache.flink.util.FlinkException", "stack-trace": "org.apache.flink.util.FlinkException: Could not dispose savepoint file:/tmp/flinkv/sp-1.20.3/nope.\\n\\tat org.apache.flink.runtime.dispatcher.Dispatcher.lambda$disposeSavepoint$11(Dispatcher.java:806)\\n\\tat java.base/java.util.concurrent.CompletableFuture$AsyncSupply.run(CompletableFuture.java:1768)\\nCaused by: java.io.FileNotFoundException: Cannot find checkpoint or savepoint file/directory 'file:/tmp/flinkv/sp-1.20.3/nope' on file system 'file'.\\n\\tat org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(AbstractFsCheckpointStorageAccess.java:275)\\n\\tat org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage.resolveCheckpoint(JobManagerCheckpointStorage.java:259)\\n\\t... 4 more\\n"}
              }
            }
            """;

    /** POST /jars/upload, Flink 1.20.3. */
    static final String UPLOAD =
            """
            {
              "filename": "/tmp/flinkv/upload-1.20.3/flink-web-upload/f2fef0a5-5808-4957-ba78-498f789564fd_demo-1.20.3.jar",
              "status": "success"
            }
            """;

    /** POST /jars/:jarid/run, Flink 1.20.3. */
    static final String RUN_1_20 =
            """
            {"jobid": "00000000000000000000000000000001"}
            """;

    /** POST /jars/:jarid/run, Flink 2.3.0 (adds applicationId). */
    static final String RUN_2_3 =
            """
            {
              "jobid": "00000000000000000000000000000001",
              "applicationId": "00000000000000000000000000000001"
            }
            """;

    /** Answer (HTTP 202) to a savepoint trigger or stop, echoing the caller's triggerId. */
    static final String TRIGGER =
            """
            {"request-id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"}
            """;

    /** HTTP 404 for an unknown job id, Flink 1.20.3 (trace shortened). */
    static final String ERROR_404_JOB =
            """
            {
              "errors": [
                "org.apache.flink.runtime.rest.NotFoundException: Job 0000000000000000000000000000dead not found\\n\\tat org.apache.flink.runtime.rest.handler.job.AbstractExecutionGraphHandler.lambda$handleRequest$1(AbstractExecutionGraphHandler.java:99)\\n\\tat java.base/java.util.concurrent.CompletableFuture.uniExceptionally(CompletableFuture.java:990)\\nCaused by: org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (0000000000000000000000000000dead)\\n\\tat org.apache.flink.runtime.dispatcher.Dispatcher.requestExecutionGraphInfo(Dispatcher.java:915)\\n\\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\\n\\t... 5 more\\n"
              ]
            }
            """;

    /** HTTP 500 from jar run with a wrong entry class, Flink 1.20.3 (trace shortened). */
    static final String ERROR_500_BAD_ENTRY_CLASS =
            """
            {
              "errors": [
                "Internal server error.",
                "<Exception on server side:\\njava.util.concurrent.CompletionException: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'demo.Nope' was not found in the jar file.\\n\\tat org.apache.flink.runtime.webmonitor.handlers.utils.JarHandlerUtils$JarHandlerContext.toPackagedProgram(JarHandlerUtils.java:188)\\n\\tat org.apache.flink.runtime.webmonitor.handlers.utils.JarHandlerUtils$JarHandlerContext.applyToConfiguration(JarHandlerUtils.java:150)\\nCaused by: org.apache.flink.client.program.ProgramInvocationException: The program's entry point class 'demo.Nope' was not found in the jar file.\\n\\tat org.apache.flink.client.program.PackagedProgram.loadMainClass(PackagedProgram.java:482)\\n\\tat org.apache.flink.client.program.PackagedProgram.<init>(PackagedProgram.java:154)\\n\\t... 50 more\\nCaused by: java.lang.ClassNotFoundException: demo.Nope\\n\\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)\\n\\tat java.base/java.lang.ClassLoader.loadClass(ClassLoader.java:592)\\n\\t... 54 more\\n\\nEnd of exception on server side>"
              ]
            }
            """;

    /** HTTP 400 from jar run with a job id already used, Flink 1.20.3 (trace shortened). */
    static final String ERROR_400_DUPLICATE_JOB =
            """
            {
              "errors": [
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\\n\\tat org.apache.flink.runtime.webmonitor.handlers.JarRunHandler.lambda$handleRequest$1(JarRunHandler.java:114)\\n\\tat java.base/java.util.concurrent.CompletableFuture.uniHandle(CompletableFuture.java:934)\\nCaused by: java.util.concurrent.CompletionException: org.apache.flink.util.FlinkRuntimeException: Could not execute application.\\n\\tat java.base/java.util.concurrent.CompletableFuture.encodeThrowable(CompletableFuture.java:315)\\n\\tat java.base/java.util.concurrent.CompletableFuture.completeThrowable(CompletableFuture.java:320)\\n\\t... 1 more\\nCaused by: org.apache.flink.util.FlinkRuntimeException: Could not execute application.\\n\\tat org.apache.flink.client.deployment.application.DetachedApplicationRunner.tryExecuteJobs(DetachedApplicationRunner.java:88)\\n\\tat org.apache.flink.client.deployment.application.DetachedApplicationRunner.run(DetachedApplicationRunner.java:70)\\n\\t... 1 more\\nCaused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error: Failed to execute job 'demo-job'.\\n\\tat org.apache.flink.client.program.PackagedProgram.callMainMethod(PackagedProgram.java:373)\\n\\tat org.apache.flink.client.program.PackagedProgram.invokeInteractiveModeForExecution(PackagedProgram.java:223)\\n\\t... 4 more\\nCaused by: org.apache.flink.util.FlinkException: Failed to execute job 'demo-job'.\\n\\tat org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.executeAsync(StreamExecutionEnvironment.java:2487)\\n\\tat org.apache.flink.client.program.StreamContextEnvironment.executeAsync(StreamContextEnvironment.java:192)\\n\\t... 7 more\\nCaused by: org.apache.flink.runtime.client.DuplicateJobSubmissionException: Job has already been submitted.\\n\\tat org.apache.flink.runtime.client.DuplicateJobSubmissionException.ofGloballyTerminated(DuplicateJobSubmissionException.java:35)\\n\\tat org.apache.flink.runtime.dispatcher.Dispatcher.lambda$submitJob$3(Dispatcher.java:538)\\n"
              ]
            }
            """;

    /** HTTP 400 from DELETE /jars/:jarid for an unknown jar, Flink 1.20.3 (trace shortened). */
    static final String ERROR_400_JAR_DELETE_MISSING =
            """
            {
              "errors": [
                "org.apache.flink.runtime.rest.handler.RestHandlerException: File nope.jar does not exist in /tmp/flinkv/upload-1.20.3/flink-web-upload.\\n\\tat org.apache.flink.runtime.webmonitor.handlers.JarDeleteHandler.lambda$handleRequest$0(JarDeleteHandler.java:80)\\n\\tat java.base/java.util.concurrent.CompletableFuture$AsyncSupply.run(CompletableFuture.java:1768)\\n"
              ]
            }
            """;

    /** HTTP 500 from jar run for an unknown jar, Flink 1.20.3 (trace shortened). */
    static final String ERROR_500_JAR_RUN_MISSING =
            """
            {
              "errors": [
                "Internal server error.",
                "<Exception on server side:\\njava.util.concurrent.CompletionException: org.apache.flink.runtime.rest.handler.RestHandlerException: Jar file /tmp/flinkv/upload-1.20.3/flink-web-upload/nope.jar does not exist\\n\\tat org.apache.flink.runtime.webmonitor.handlers.utils.JarHandlerUtils$JarHandlerContext.toPackagedProgram(JarHandlerUtils.java:181)\\n\\tat org.apache.flink.runtime.webmonitor.handlers.utils.JarHandlerUtils$JarHandlerContext.applyToConfiguration(JarHandlerUtils.java:150)\\nCaused by: org.apache.flink.runtime.rest.handler.RestHandlerException: Jar file /tmp/flinkv/upload-1.20.3/flink-web-upload/nope.jar does not exist\\n\\t... 51 more\\n\\nEnd of exception on server side>"
              ]
            }
            """;

    /** HTTP 409 from cancelling a FINISHED job, Flink 1.20.3 (trace shortened). */
    static final String ERROR_409_CANCEL_FINISHED =
            """
            {
              "errors": [
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Job cancellation failed because the job has already reached another terminal state (FINISHED).\\n\\tat org.apache.flink.runtime.rest.handler.job.JobCancellationHandler.lambda$handleRequest$0(JobCancellationHandler.java:115)\\n\\tat java.base/java.util.concurrent.CompletableFuture.uniHandle(CompletableFuture.java:934)\\n"
              ]
            }
            """;

    /** HTTP 503 while the JobManager has no leader (Flink's LeaderRetrievalHandler text). */
    static final String ERROR_503_LEADER_ELECTION =
            """
            {
              "errors": ["Service temporarily unavailable due to an ongoing leader election. Please refresh."]
            }
            """;
}
