package dev.sluice.server.storage;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** How {@link AzureStorage} moves bytes: local staging of a body, blocks of a block blob. */
final class AzureBlocks {

    private static final int BLOCK_BYTES = 4 * 1024 * 1024;

    private AzureBlocks() {}

    /** Stages {@code length} bytes of {@code in} as blocks; their ids, to commit. */
    static List<String> stage(BlockBlobClient blob, InputStream in, long length)
            throws IOException {
        List<String> ids = new ArrayList<>();
        long left = length;
        while (left > 0) {
            byte[] chunk = in.readNBytes((int) Math.min(BLOCK_BYTES, left));
            if (chunk.length == 0) {
                throw new IOException("the body ended " + left + " bytes early");
            }
            // Same-length ids, as the service requires within one blob.
            String id =
                    Base64.getEncoder()
                            .encodeToString(
                                    UUID.randomUUID()
                                            .toString()
                                            .getBytes(StandardCharsets.US_ASCII));
            blob.stageBlock(id, BinaryData.fromBytes(chunk));
            ids.add(id);
            left -= chunk.length;
        }
        return ids;
    }

    /** Copies at most {@code maxBytes + 1} bytes, enough to tell the body is too large. */
    static long copy(InputStream body, Path temp, long maxBytes) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(temp)) {
            int read;
            while ((read = body.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    return total;
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }
}
