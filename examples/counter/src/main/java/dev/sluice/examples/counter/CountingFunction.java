package dev.sluice.examples.counter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Keeps a running count per key in Flink state and mirrors it to one file per key. */
final class CountingFunction extends KeyedProcessFunction<Long, Long, String> {

    private static final long serialVersionUID = 1L;

    // Name and type are part of the savepoint format; v1 and v2 must agree on them.
    private static final String STATE_NAME = "count";

    private final String outputDir;
    private final String version;
    private final String failMarker;

    private transient ValueState<Long> count;
    private transient AtomicFileWriter writer;

    /** {@code failMarker} may be null: the job then never fails on purpose. */
    CountingFunction(String outputDir, String version, String failMarker) {
        this.outputDir = outputDir;
        this.version = version;
        this.failMarker = failMarker;
    }

    // open(OpenContext), not open(Configuration): the latter no longer exists in Flink 2.
    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE_NAME, Types.LONG));
        writer = new AtomicFileWriter(Path.of(outputDir));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<String> out) throws IOException {
        if (failMarker != null && Files.exists(Path.of(failMarker))) {
            throw new RuntimeException("fail marker present: " + failMarker);
        }
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        long key = ctx.getCurrentKey();
        String line = new CountLine(next, version, key).render();
        writer.write(CountLine.fileName(key), line + "\n");
        out.collect(line);
    }
}
