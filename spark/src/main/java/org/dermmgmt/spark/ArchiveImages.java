package org.dermmgmt.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.infer.ImageInput;

/**
 * Reads a row's images through Hadoop's FileSystem, so the paths of a table may be local files or
 * any URI the cluster reads (hdfs://, s3a://, ...). Relative paths are resolved against the
 * table's folder, as {@code predict --cases} does. A remote image's bytes are decoded by the core's
 * pipeline (ImageInput.Bytes) with the same checks and the same content-keyed views as a local file;
 * a local file is handed over as a file, read when its batch is.
 */
final class ArchiveImages {
  /** Larger files are refused unread: no dermoscopic image comes near this. */
  static final long MAX_FILE_BYTES = 256L << 20;

  private final Path folder;
  private final Configuration conf;

  ArchiveImages(String table, Configuration conf) {
    this.folder = new Path(table).getParent();
    this.conf = conf;
  }

  /** The image of {@code column}; a user error naming the column and path when it cannot be read. */
  ImageInput read(String value, String column) {
    Path p = resolve(value);
    try {
      FileSystem fs = p.getFileSystem(conf);
      FileStatus st = fs.getFileStatus(p);
      if (!st.isFile()) {
        throw new UserInputException(column + " " + p + ": not a file");
      }
      if (st.getLen() > MAX_FILE_BYTES) {
        throw new UserInputException(column + " " + p + ": " + st.getLen() + " bytes, over the limit of "
            + MAX_FILE_BYTES);
      }
      if ("file".equals(fs.getUri().getScheme())) {
        // A local file goes through the pipeline's own file path (its bounded byte cache), as predict's does.
        return new ImageInput.File(java.nio.file.Path.of(fs.makeQualified(p).toUri()));
      }
      try (InputStream in = fs.open(p)) {
        return new ImageInput.Bytes(p.toString(), in.readAllBytes());
      }
    } catch (FileNotFoundException e) {
      throw new UserInputException(column + " " + p + ": no such file");
    } catch (IOException e) {
      throw new UserInputException(column + " " + p + ": cannot read (" + e.getMessage() + ")");
    }
  }

  Path resolve(String value) {
    Path given = new Path(value);
    return given.isAbsolute() || given.toUri().getScheme() != null ? given : new Path(folder, value);
  }
}
