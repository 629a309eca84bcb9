package org.dermmgmt.data.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.data.image.TestImages;

/** A folder with a few small images and CSV text written next to them (tests only). */
public final class TableFixture {
  public static final String HEADER = "case_id,clinic,derm,sex,location,elevation,management";
  private final Path dir;

  public TableFixture(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir.resolve("img"));
      byte[] jpeg = TestImages.jpeg(TestImages.pattern(32, 24), false);
      for (String n : new String[] {"c1.jpg", "d1.jpg", "c2.jpg", "d2.jpg", "c3.JPG", "d3.jpg", "d4.jpg"}) {
        Files.write(dir.resolve("img").resolve(n), jpeg);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code text} (UTF-8, as given: line ends, BOM and all) to {@code name}. */
  public Path csv(String name, String text) {
    try {
      return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid three-case table in the plain layout. */
  public static String basic() {
    return HEADER + "\n"
        + "A1,img/c1.jpg,img/d1.jpg,female,back,flat,NONE\n"
        + "A2,img/c2.jpg,img/d2.jpg,male,head neck,palpable,excision\n"
        + "A3,img/c3.JPG,,female,acral,nodular,clinical follow up\n";
  }
}
