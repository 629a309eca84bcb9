package org.dermmgmt.decide;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.dermmgmt.UserInputException;

/**
 * Append-only JSON-lines audit trail ({@code --audit-log FILE}): one {@link AuditEntry} per
 * prediction. Safe under concurrent writers: in one JVM every writer of a file shares one lock
 * (FileChannel locks are per JVM, not per thread), across processes an exclusive lock on {@code
 * FILE.lock} (never rotated, so a waiting process cannot end up writing into a rotated file), and
 * each line goes out in one write of the whole line plus its newline, forced to disk. Rotation by
 * size: when a line would take the file past {@code maxBytes}, FILE.(keep−1) → FILE.keep, …,
 * FILE → FILE.1 and a new FILE is started; the oldest beyond {@code keep} is deleted.
 */
public final class AuditLog {
  public static final long DEFAULT_MAX_BYTES = 10L << 20;
  public static final int DEFAULT_KEEP = 5;

  private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final long maxBytes;
  private final int keep;
  private final ReentrantLock lock;

  public AuditLog(Path file, long maxBytes, int keep) {
    if (maxBytes <= 0 || keep < 1) {
      throw new IllegalArgumentException("maxBytes must be positive and keep at least 1");
    }
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.maxBytes = maxBytes;
    this.keep = keep;
    this.lock = LOCKS.computeIfAbsent(this.file, f -> new ReentrantLock());
    try {
      Files.createDirectories(this.file.getParent());
    } catch (IOException e) {
      throw new UserInputException("--audit-log " + file + ": cannot create its directory: "
          + e.getMessage(), e);
    }
  }

  /** With 10 MiB per file and 5 rotated files kept. */
  public static AuditLog open(Path file) {
    return new AuditLog(file, DEFAULT_MAX_BYTES, DEFAULT_KEEP);
  }

  public Path file() {
    return file;
  }

  /** The line an entry is written as (without the newline). */
  public static String line(AuditEntry e) {
    try {
      return DecideJson.LINE.writeValueAsString(e.toJson());
    } catch (JsonProcessingException x) {
      throw new IllegalStateException(x);
    }
  }

  public void append(AuditEntry e) {
    byte[] bytes = (line(e) + "\n").getBytes(StandardCharsets.UTF_8);
    lock.lock();
    try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock ignored = lc.lock()) {
      long size = Files.exists(file) ? Files.size(file) : 0;
      if (size > 0 && size + bytes.length > maxBytes) {
        rotate();
      }
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          out.write(buf);
        }
        out.force(false);
      }
    } catch (IOException x) {
      throw new UserInputException("--audit-log " + file + ": cannot append: " + x.getMessage(),
          x);
    } finally {
      lock.unlock();
    }
  }

  /** FILE.i for i ≥ 1. */
  public Path rotated(int i) {
    return file.resolveSibling(file.getFileName() + "." + i);
  }

  private void rotate() throws IOException {
    Files.deleteIfExists(rotated(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
  }
}
