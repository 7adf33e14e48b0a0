package dev.sluice.server.deploy.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The port of Flink's Prometheus reporter of each process of a local cluster whose configuration
 * enables it ({@value #FACTORY_KEY}): picked free once per process name and kept in {@code
 * prometheus-ports.properties} of the cluster's directory, so a process started again (the
 * supervision, a resize) scrapes on the same port, and handed to the process as a dynamic property.
 */
final class PrometheusPorts {

    static final String FACTORY_KEY = "metrics.reporter.prom.factory.class";
    static final String PORT_KEY = "metrics.reporter.prom.port";
    private static final String FILE = "prometheus-ports.properties";

    private PrometheusPorts() {}

    /**
     * The {@code -D} arguments that give the process its reporter port; none when the cluster's
     * {@code conf/config.yaml} does not enable the reporter.
     */
    static synchronized List<String> arguments(Path clusterDir, String processName) {
        // The HistoryServer runs no metric reporter.
        if (HistoryServers.PROCESS.equals(processName) || !enabled(clusterDir)) {
            return List.of();
        }
        Properties ports = read(clusterDir);
        String recorded = ports.getProperty(processName);
        int port =
                recorded != null && LocalPorts.isFree(Integer.parseInt(recorded))
                        ? Integer.parseInt(recorded)
                        : LocalPorts.freePort();
        ports.setProperty(processName, Integer.toString(port));
        write(clusterDir, ports);
        return List.of("-D", PORT_KEY + "=" + port);
    }

    /** Forgets the port of a process that is gone for good (a TaskManager of a scale-down). */
    static synchronized void forget(Path clusterDir, String processName) {
        Properties ports = read(clusterDir);
        if (ports.remove(processName) != null) {
            write(clusterDir, ports);
        }
    }

    /** The scrape URL of each process that has a reporter port, by process name. */
    static synchronized Map<String, URI> endpoints(Path clusterDir) {
        if (!enabled(clusterDir)) {
            return Map.of();
        }
        Map<String, URI> endpoints = new LinkedHashMap<>();
        new TreeMap<>(read(clusterDir))
                .forEach(
                        (name, port) ->
                                endpoints.put(
                                        name.toString(),
                                        URI.create("http://127.0.0.1:" + port + "/metrics")));
        return endpoints;
    }

    private static boolean enabled(Path clusterDir) {
        Path config = clusterDir.resolve("conf").resolve("config.yaml");
        try {
            return Files.isRegularFile(config)
                    && Files.readAllLines(config).stream()
                            .anyMatch(line -> line.startsWith(FACTORY_KEY + ":"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + config, e);
        }
    }

    private static Properties read(Path clusterDir) {
        Properties ports = new Properties();
        Path file = clusterDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                ports.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return ports;
    }

    private static void write(Path clusterDir, Properties ports) {
        Path file = clusterDir.resolve(FILE);
        try (Writer out = Files.newBufferedWriter(file)) {
            ports.store(out, "Flink Prometheus reporter ports, by process (Sluice)");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
