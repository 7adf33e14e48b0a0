package dev.sluice.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, sending exactly the bytes a test builds: a path with
 * {@code %ff} or a raw control character, a header java.net.http refuses to send, any method.
 */
final class RawHttp {

    /** What came back: the status (0: the connection closed without one) and the first bytes. */
    record Reply(int status, String text) {}

    private static final int MAX_READ = 64 * 1024;

    private RawHttp() {}

    static Reply send(
            int port, String method, String target, Map<String, String> headers, byte[] body)
            throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        write(head, method + " " + target + " HTTP/1.1\r\n");
        write(head, "Host: 127.0.0.1:" + port + "\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            write(head, header.getKey() + ": " + header.getValue() + "\r\n");
        }
        if (body != null && !headers.containsKey("Transfer-Encoding")) {
            write(head, "Content-Length: " + body.length + "\r\n");
        }
        write(head, "Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before reading a large body.
            }
            return read(socket.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (answer.size() < MAX_READ && (n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // A reset after the answer was sent: keep what arrived.
        }
        String text = answer.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return new Reply(0, text);
        }
        return new Reply(Integer.parseInt(text.substring(9, 12)), text);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
