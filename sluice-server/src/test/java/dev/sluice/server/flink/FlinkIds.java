package dev.sluice.server.flink;

/** Ids in Flink's formats that the RestFlinkClient tests send and expect back. */
final class FlinkIds {

    static final String JOB = "00000000000000000000000000000001";
    static final String TRIGGER = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
    static final String JAR = "f2fef0a5-5808-4957-ba78-498f789564fd_demo-1.20.3.jar";

    private FlinkIds() {}
}
