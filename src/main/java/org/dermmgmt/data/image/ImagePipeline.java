package org.dermmgmt.data.image;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Image file → normalised CHW float[3*S*S] for the backbone.
 *
 * <pre>
 * eval : decode → RGB → border crop → resize S×S → (p − 128) / 128
 * train: decode → RGB → border crop → random resized crop to S×S → flips → rot90 → colour jitter
 *        → (p − 128) / 128        (all randomness from the seed: same seed, same floats)
 * </pre>
 *
 * Decoded, border-cropped images are cached downscaled to a base size (short side at most 2×S,
 * 3 bytes a pixel) so that epochs after the first skip JPEG decoding; the second downscale to S
 * area-averages the first, so quality is kept. Thread-safe: the cache is concurrent and every
 * other step is a pure function (two threads may decode the same file once each; harmless).
 */
public final class ImagePipeline {
  private final int size;
  private final BorderCrop borderCrop;
  private final Augmentation augmentation;
  private final boolean cache;
  private final ConcurrentMap<Path, RgbImage> bases = new ConcurrentHashMap<>();

  private ImagePipeline(Builder b) {
    this.size = b.size;
    this.borderCrop = new BorderCrop(b.borderCrop);
    this.augmentation = b.augmentation;
    this.cache = b.cache;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return size;
  }

  public Augmentation augmentation() {
    return augmentation;
  }

  /** Length of every returned array: 3 × size × size. */
  public int length() {
    return 3 * size * size;
  }

  /** Deterministic preprocessing of a file (validation, test, inference). */
  public float[] eval(Path image) {
    return Normalize.toChw(Resize.square(size).apply(base(image)));
  }

  /** Deterministic preprocessing of an image already in memory, e.g. uploaded bytes. */
  public float[] eval(BufferedImage image) {
    return Normalize.toChw(Resize.square(size).apply(toBase(RgbImage.of(image))));
  }

  /**
   * Deterministic preprocessing of image bytes in memory (an upload: JPEG, PNG or DICOM), with
   * the same checks as a file; nothing is written to disk or cached.
   */
  public float[] eval(byte[] bytes, String name) {
    return Normalize.toChw(Resize.square(size).apply(toBase(ImageDecoder.decode(bytes, name))));
  }

  /** Augmented preprocessing; the same (image, seed) always gives the same floats. */
  public float[] train(Path image, long seed) {
    return Normalize.toChw(augment(base(image), new SplittableRandom(seed)));
  }

  /** The augmentation alone, on an image in memory (for tests and previews). */
  public RgbImage augment(RgbImage base, SplittableRandom rng) {
    Augmentation a = augmentation;
    RgbImage im =
        a.minScale() >= 1.0 && a.maxScale() >= 1.0
            ? Resize.square(size).apply(base)
            : new RandomResizedCrop(size, a.minScale(), a.maxScale(), a.minRatio(), a.maxRatio())
                .apply(base, rng);
    if (a.flipProbability() > 0) {
      im = Flip.randomHorizontal(a.flipProbability()).apply(im, rng);
      im = Flip.randomVertical(a.flipProbability()).apply(im, rng);
    }
    if (a.rotate90()) {
      im = Rotate90.random().apply(im, rng);
    }
    if (a.brightness() > 0 || a.contrast() > 0 || a.saturation() > 0) {
      im = new ColorJitter(a.brightness(), a.contrast(), a.saturation()).apply(im, rng);
    }
    return im;
  }

  /** Number of images held in the cache. */
  public int cachedImages() {
    return bases.size();
  }

  public void clearCache() {
    bases.clear();
  }

  private RgbImage base(Path file) {
    if (!cache) {
      return toBase(ImageDecoder.decode(file));
    }
    RgbImage cached = bases.get(file);
    if (cached == null) {
      // Decode outside the map so that slow decodes of different files run in parallel.
      cached = toBase(ImageDecoder.decode(file));
      RgbImage raced = bases.putIfAbsent(file, cached);
      if (raced != null) {
        cached = raced;
      }
    }
    return cached;
  }

  /** Border crop, then an aspect-keeping area-average downscale to short side ≤ 2×size. */
  RgbImage toBase(RgbImage decoded) {
    RgbImage im = borderCrop.apply(decoded);
    int shortSide = Math.min(im.width(), im.height());
    int maxShort = 2 * size;
    if (shortSide <= maxShort) {
      return im;
    }
    double f = (double) maxShort / shortSide;
    int w = Math.max(1, (int) Math.round(im.width() * f));
    int h = Math.max(1, (int) Math.round(im.height() * f));
    return new Resize(w, h).apply(im);
  }

  public static final class Builder {
    private Integer size;
    private int borderCrop = BorderCrop.DEFAULT_PIXELS;
    private Augmentation augmentation = Augmentation.defaults();
    private boolean cache = true;

    private Builder() {}

    /** Required: output side in pixels (224 for MobileNetV2). */
    public Builder setSize(int size) {
      if (size <= 0) {
        throw new IllegalArgumentException("size expected > 0, got " + size);
      }
      this.size = size;
      return this;
    }

    /** Margin cut from each side before resizing; default 25 (Derm7pt's loader), 0 disables. */
    public Builder optBorderCrop(int pixels) {
      if (pixels < 0) {
        throw new IllegalArgumentException("border crop expected >= 0, got " + pixels);
      }
      this.borderCrop = pixels;
      return this;
    }

    /** Training augmentation; default {@link Augmentation#defaults()}. */
    public Builder optAugmentation(Augmentation augmentation) {
      if (augmentation == null) {
        throw new IllegalArgumentException("augmentation expected non-null (use Augmentation.none())");
      }
      this.augmentation = augmentation;
      return this;
    }

    /** Whether to keep decoded base images in memory; default true. */
    public Builder optCache(boolean cache) {
      this.cache = cache;
      return this;
    }

    public ImagePipeline build() {
      if (size == null) {
        throw new IllegalStateException("ImagePipeline: expected setSize(int) to be called, got no size");
      }
      return new ImagePipeline(this);
    }
  }
}
