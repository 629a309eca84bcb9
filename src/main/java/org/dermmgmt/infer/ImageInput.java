package org.dermmgmt.infer;

import java.nio.file.Path;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.RgbImage;
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

  /**
   * Encoded image bytes held in memory (an upload, or a file read from a remote filesystem): JPEG,
   * PNG or DICOM, decoded with the same checks as a file; the bytes also give the view key, so the
   * same photo gets the same views as from a file.
   */
  record Bytes(String name, byte[] encoded) implements ImageInput {
    @Override
    public SourceImage load(ImagePipeline pipeline) {
      return pipeline.load(encoded, name);
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /**
   * An image decoded already (an upload the service decoded on arrival), with its encoded bytes,
   * which key its views as a file's bytes do: the pipeline takes the pixels as they are.
   */
  record Decoded(String name, RgbImage image, byte[] encoded) implements ImageInput {
    @Override
    public SourceImage load(ImagePipeline pipeline) {
      return pipeline.load(image, encoded);
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /**
   * An image decoded at most once for all the views of one inference call. Files are in the
   * pipeline's cache already; uploads and remote bytes are not (they are never kept past the
   * call), and each test-time view would decode them again: 5 views cost 5 JPEG decodes and 5
   * hashes of the decoded pixels per image.
   */
  final class Once implements ImageInput {
    private final ImageInput source;
    private SourceImage loaded;
    private ImagePipeline loadedBy;

    Once(ImageInput source) {
      this.source = source;
    }

    @Override
    public synchronized SourceImage load(ImagePipeline pipeline) {
      // Kept for the pipeline that made it: the parts of a mixed model may crop or colour-correct
      // differently, and run one after the other (one decode per part).
      if (loaded == null || loadedBy != pipeline) {
        loaded = source.load(pipeline); // a failure is not kept: the next view reports it again
        loadedBy = pipeline;
      }
      return loaded;
    }

    @Override
    public String describe() {
      return source.describe();
    }
  }
}
