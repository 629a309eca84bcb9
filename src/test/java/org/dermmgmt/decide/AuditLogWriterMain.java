package org.dermmgmt.decide;

import java.nio.file.Path;

/** A separate process appending to an audit log, for the multi-process test of AuditLogTest. */
public final class AuditLogWriterMain {
  private AuditLogWriterMain() {}

  /** args: file, maxBytes, keep, prefix, count. */
  public static void main(String[] args) {
    AuditLog log = new AuditLog(Path.of(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]));
    int n = Integer.parseInt(args[4]);
    for (int i = 0; i < n; i++) {
      log.append(AuditLogTest.entry(args[3] + "-" + i));
    }
  }
}
