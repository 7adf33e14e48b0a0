package dev.sluice.examples.counter;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Entry point of the stateful example job that Sluice's integration tests deploy and upgrade. */
public final class CounterJob {

    static final String JOB_NAME = "sluice-counter";

    private CounterJob() {}

    /** Parses the arguments, builds the pipeline and runs it until cancelled. */
    public static void main(String[] args) throws Exception {
        CounterArgs parsed = CounterArgs.parse(args);
        String version = JobVersion.load();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        addPipeline(env, parsed, version);
        env.execute(JOB_NAME);
    }

    // The uids are the savepoint contract: v1 and v2, on either Flink line, must keep them.
    private static void addPipeline(
            StreamExecutionEnvironment env, CounterArgs args, String version) {
        DataGeneratorSource<Long> sequence =
                new DataGeneratorSource<>(
                        index -> index,
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(args.rate()),
                        Types.LONG);
        env.fromSource(sequence, WatermarkStrategy.noWatermarks(), "counter-source")
                .uid("counter-source")
                // One reader keeps the sequence gap-free (0, 1, 2, ...) and the rate exact;
                // the keyed operator still follows the job's parallelism.
                .setParallelism(1)
                .keyBy(new ModuloKey(args.keys()), Types.LONG)
                .process(
                        new CountingFunction(args.output(), version, args.failMarker()),
                        Types.STRING)
                .uid("counter-state")
                .name("counter-state")
                .sinkTo(new DiscardingSink<>())
                .uid("counter-sink")
                .name("counter-sink");
    }
}
