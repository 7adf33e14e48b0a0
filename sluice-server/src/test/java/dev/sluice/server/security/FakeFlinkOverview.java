package dev.sluice.server.security;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A stand-in for an external Flink cluster's REST API: enough for it to be provisioned. */
final class FakeFlinkOverview {

    private FakeFlinkOverview() {}

    /** Answers /overview and /jobs/overview as an idle Flink 1.20 does; 404 for the rest. */
    static HttpServer start() throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    String path = exchange.getRequestURI().getPath();
                    int status = 200;
                    String body;
                    if (path.endsWith("/jobs/overview")) {
                        body = "{\"jobs\":[]}";
                    } else if (path.endsWith("/overview")) {
                        body =
                                "{\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2,"
                                        + "\"jobs-running\":0,\"jobs-finished\":0,"
                                        + "\"jobs-cancelled\":0,\"jobs-failed\":0,"
                                        + "\"flink-version\":\"1.20.3\",\"flink-commit\":\"x\"}";
                    } else {
                        status = 404;
                        body = "{\"errors\":[\"Not found: " + path + "\"]}";
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, bytes.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
        return server;
    }
}
