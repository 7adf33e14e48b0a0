package dev.sluice.server.flink;

/** The {@link FlinkClient} contract against a real Flink 1.20 cluster. */
class Flink120RestFlinkClientITCase extends RestFlinkClientContract {

    @Override
    String flinkVersion() {
        return "1.20";
    }
}
