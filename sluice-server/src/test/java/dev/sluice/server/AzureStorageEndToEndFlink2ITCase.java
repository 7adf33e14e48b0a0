package dev.sluice.server;

/** {@link AzureStorageEndToEndITCase} on the Flink 2.3.0 runtime and its flink-azure-fs-hadoop. */
class AzureStorageEndToEndFlink2ITCase extends AzureStorageEndToEndITCase {

    @Override
    String flinkLine() {
        return "2.3";
    }
}
