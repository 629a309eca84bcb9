package org.dermmgmt.infer;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.SourceImage;

/** Where one image of a case comes from: a file, or bytes already in memory (an upload). */
public sealed interface ImageInput {
  /** Decodes through the pipeline (files are cached by it, uploads never touch the disk). */
  SourceImage load(ImagePipeline pipeline);

  /** For messages: the file, or the upload's name. */
  String describe();

  record File(Path path) implements ImageInput {
    @Override
    public SourceImage load(ImagePipeline pipeline) {
      return pipeline.load(path);
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /** A decoded upload and its encoded bytes (the bytes give the view key: same photo, same views). */
  record Decoded(String name, BufferedImage image, byte[] encoded) implements ImageInput {
    @Override
    public SourceImage load(ImagePipeline pipeline) {
      return pipeline.load(image, encoded);
    }

    @Override
    public String describe() {
      return name;
    }
  }
}
