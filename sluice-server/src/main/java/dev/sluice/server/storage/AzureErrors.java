package dev.sluice.server.storage;

import com.azure.storage.blob.models.BlobStorageException;
import dev.sluice.server.common.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Azure storage's refusals in words a user can act on. Only the service's error code is quoted: the
 * SDK's own message holds the request URL, which can carry a SAS signature.
 */
final class AzureErrors {

    private AzureErrors() {}

    /** No credential of the default chain worked (no key or SAS given, no identity). */
    static ApiException noCredential(StorageLocation location) {
        return new ApiException(
                400,
                "StorageAuthenticationFailed",
                "'"
                        + location.uri()
                        + "' cannot be reached: no credential for its account worked; give the"
                        + " cluster's storage key, a SAS, or an Entra ID identity with access",
                null);
    }

    /**
     * A 400 when the account's endpoint does not answer (an account name that does not resolve, a
     * closed emulator port): the URI is what to check. Only the failure's type is quoted, as the
     * SDK's messages can hold the request URL.
     */
    static ApiException unreachable(StorageLocation location, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ApiException(
                400,
                "StorageUnreachable",
                "'"
                        + location.uri()
                        + "' cannot be reached: storage account '"
                        + AzureLocation.parse(location.uri()).account()
                        + "' does not answer ("
                        + root.getClass().getSimpleName()
                        + "); check the account name and the endpoint",
                null);
    }

    /** The service's error code, such as {@code ContainerNotFound}; empty when it gave none. */
    static String code(BlobStorageException e) {
        return e.getErrorCode() == null ? "" : e.getErrorCode().toString();
    }

    /**
     * A 400 for a missing container, a key the account refuses or missing permission; a {@link
     * NoSuchFileException} (unchecked-wrapped) for a missing blob; else an {@link IOException}.
     */
    static RuntimeException translate(StorageLocation location, BlobStorageException e) {
        String code = code(e);
        AzureLocation at = AzureLocation.parse(location.uri());
        String uri = "'" + location.uri() + "'";
        if (code.equals("ContainerNotFound")) {
            return new ApiException(
                    400,
                    "StorageContainerNotFound",
                    uri
                            + " cannot be used: container '"
                            + at.container()
                            + "' does not exist in storage account '"
                            + at.account()
                            + "'; create it first",
                    null);
        }
        if (code.equals("AuthenticationFailed") || code.equals("InvalidAuthenticationInfo")) {
            return new ApiException(
                    400,
                    "StorageAuthenticationFailed",
                    uri
                            + " cannot be used: storage account '"
                            + at.account()
                            + "' refused the credential ("
                            + code
                            + "); check the cluster's storage key or the SAS",
                    null);
        }
        if (e.getStatusCode() == 403) {
            return new ApiException(
                    400,
                    "StorageAccessDenied",
                    uri
                            + " cannot be used: storage account '"
                            + at.account()
                            + "' refused access ("
                            + (code.isEmpty() ? "403" : code)
                            + "); check the cluster's storage key or the SAS, and that it may"
                            + " read, write, list and delete in container '"
                            + at.container()
                            + "'",
                    null);
        }
        if (e.getStatusCode() == 404) {
            return new UncheckedIOException(new NoSuchFileException(location.uri()));
        }
        return new UncheckedIOException(
                new IOException(
                        location.uri()
                                + ": Azure storage answered "
                                + e.getStatusCode()
                                + (code.isEmpty() ? "" : " " + code)));
    }
}
