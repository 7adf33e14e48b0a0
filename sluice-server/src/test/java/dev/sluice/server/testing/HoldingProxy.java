package dev.sluice.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP port in front of a real server that first holds every connection open without an answer (a
 * server slow to come up), then, once told, forwards new ones to the real server: a test can catch
 * a caller mid-wait and let a later caller through.
 */
public final class HoldingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile URI target;

    public HoldingProxy() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "holding-proxy");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** Where callers connect: {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** From now on, connections reach {@code url}'s host and port. */
    public void forwardTo(URI url) {
        target = url;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                URI to = target;
                if (to != null) {
                    Socket upstream = new Socket(to.getHost(), to.getPort());
                    sockets.add(upstream);
                    pipe(client.getInputStream(), upstream.getOutputStream());
                    pipe(upstream.getInputStream(), client.getOutputStream());
                } // else held: open, never answered
            } catch (IOException e) {
                // Closed, or the real server refused: the caller sees its connection end.
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        Thread copying =
                new Thread(
                        () -> {
                            try (from;
                                    to) {
                                from.transferTo(to);
                            } catch (IOException e) {
                                // One side closed.
                            }
                        },
                        "holding-proxy-pipe");
        copying.setDaemon(true);
        copying.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
