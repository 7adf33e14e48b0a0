package dev.sluice.server.deploy;

import java.io.IOException;
import java.io.InputStream;

/** One process log of a deployment, readable from an offset so that a copy can carry on. */
public interface LogFile {

    /** The file name, unique within the deployment, for example {@code jobmanager.log}. */
    String name();

    /** Its size in bytes when it was listed. */
    long size();

    /** Its bytes from {@code offset} on, as they are when read. */
    InputStream open(long offset) throws IOException;
}
