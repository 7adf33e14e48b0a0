package dev.sluice.server.flink;

/** The {@link FlinkClient} contract against a real Flink 2.3 cluster. */
class Flink23RestFlinkClientITCase extends RestFlinkClientContract {

    @Override
    String flinkVersion() {
        return "2.3";
    }
}
