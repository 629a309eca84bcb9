package org.dermmgmt.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes that survive a crash: the bytes go to a temporary file in the target's folder, are forced
 * to disk, and the temporary file is renamed over the target in one step. A process killed at any
 * moment leaves either the previous file or the new one, never a mix; a failed write leaves the
 * previous file and removes its temporary file.
 *
 * <p>Temporary files are named {@code .<name>.<pid>.<random>.tmp}. One left behind by a killed
 * process is removed by the next successful write of the same file once that process is gone, so
 * repeated crashes during checkpoint writes do not pile up copies of the weights.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** What writes the content; closing the stream is allowed and only flushes it. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code file} atomically; IO problems throw {@link UncheckedIOException} naming the file. */
  public static void write(Path file, Content content) {
    Path dir = file.toAbsolutePath().getParent();
    String name = file.getFileName().toString();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "."
          + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        // Writers such as Jackson close the stream they are given; the channel must stay open to be forced.
        OutputStream out = new BufferedOutputStream(new FilterOutputStream(Channels.newOutputStream(ch)) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            this.out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        }, 1 << 16);
        content.writeTo(out);
        out.flush();
        // Without this a power cut after the rename can leave an empty file under the final name.
        ch.force(true);
      }
      move(tmp, file);
      tmp = null;
      syncDirectory(dir);
      removeStale(dir, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed; its error is the one to report.
        }
      }
    }
  }

  public static void writeString(Path file, String text) {
    write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void move(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same folder, so this only happens on exotic filesystems; a plain replace is the best left.
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename itself durable (Linux); a no-op where directories cannot be opened. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // Best effort: not every platform can sync a directory.
    }
  }

  /** Deletes temporary files of {@code name} left by processes that no longer run. */
  private static void removeStale(Path dir, String name) {
    String prefix = "." + name + ".";
    DirectoryStream.Filter<Path> ours =
        p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".tmp");
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, ours)) {
      for (Path p : stream) {
        String rest = p.getFileName().toString().substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
          continue;
        }
        try {
          long pid = Long.parseLong(rest.substring(0, dot));
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue; // another live process may be writing it
          }
          Files.deleteIfExists(p);
        } catch (NumberFormatException | IOException ignored) {
          // Not one of ours, or already gone.
        }
      }
    } catch (IOException ignored) {
      // Cleaning up is a courtesy; the write itself succeeded.
    }
  }
}
