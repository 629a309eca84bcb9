package org.dermmgmt.io;

import java.nio.file.Path;

/**
 * A process that starts an atomic write of {@code args[0]} and never finishes it: it writes 1 MB,
 * says WRITING on stdout, then keeps writing slowly until it is killed (tests only).
 */
public final class AtomicWriteChild {
  private AtomicWriteChild() {}

  public static void main(String[] args) {
    AtomicFiles.write(Path.of(args[0]), out -> {
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 16; i++) {
        out.write(chunk);
      }
      out.flush();
      System.out.println("WRITING");
      System.out.flush();
      while (true) {
        out.write(chunk);
        out.flush();
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }
}
