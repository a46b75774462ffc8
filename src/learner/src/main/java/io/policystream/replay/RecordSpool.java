package io.policystream.replay;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records kept in a temporary file, in order, to be read more than once without holding a long
 * recording in memory. Keeps key, value and timestamp; the file is deleted on close.
 */
final class RecordSpool implements AutoCloseable {
    private final Path file;
    private final DataOutputStream out;
    private long size;

    RecordSpool() throws IOException {
        this.file = Files.createTempFile("policystream-replay-", ".spool");
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }

    void append(long timestamp, byte[] key, byte[] value) throws IOException {
        out.writeLong(timestamp);
        write(key);
        write(value);
        size++;
    }

    long size() {
        return size;
    }

    /** A reader from the first record; finish appending before. */
    Reader reader() throws IOException {
        out.flush();
        return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file))));
    }

    private void write(byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        Files.deleteIfExists(file);
    }

    /** One spooled record. */
    record Entry(long timestamp, byte[] key, byte[] value) {
    }

    /** Reads the records back in order. */
    static final class Reader implements AutoCloseable {
        private final DataInputStream in;

        private Reader(DataInputStream in) {
            this.in = in;
        }

        /** The next record, or null after the last. */
        Entry next() throws IOException {
            long ts;
            try {
                ts = in.readLong();
            } catch (EOFException e) {
                return null;
            }
            return new Entry(ts, read(), read());
        }

        private byte[] read() throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
