package org.dermmgmt.data.image;

import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Image → normalised CHW float[3*S*S] for the backbone.
 *
 * <pre>
 * plain    : decode → RGB → border crop → resize S×S → backbone normalisation
 * augmented: decode → RGB → border crop → random resized crop to S×S → flips → rot90 → colour jitter
 *            → backbone normalisation      (all randomness from the seed: same seed, same floats)
 * </pre>
 *
 * Decoded, border-cropped images are cached downscaled to a base size (short side at most 2×S,
 * 3 bytes a pixel) so that epochs after the first skip JPEG decoding; the second downscale to S
 * area-averages the first, so quality is kept. The cache is bounded in bytes (least recently used
 * images leave first). Thread-safe: every step but the cache is a pure function.
 */
public final class ImagePipeline {
  /** Enough for every Derm7pt image at 224 (about 1.1 GiB) while bounded for long-lived services. */
  public static final long DEFAULT_CACHE_BYTES = 3L << 29;

  private final int size;
  private final BorderCrop borderCrop;
  private final ColorConstancy colorConstancy;
  private final Augmentation augmentation;
  private final Normalization normalization;
  private final long cacheBytes;
  private final Map<Path, SourceImage> bases;
  private long cachedBytes;

  private ImagePipeline(Builder b) {
    this.size = b.size;
    this.borderCrop = new BorderCrop(b.borderCrop);
    this.colorConstancy = b.colorConstancy;
    this.augmentation = b.augmentation;
    this.normalization = b.normalization;
    this.cacheBytes = b.cacheBytes;
    this.bases = new LinkedHashMap<>(64, 0.75f, true);
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

  public Normalization normalization() {
    return normalization;
  }

  /**
   * Every setting that decides the floats of a view (size, border crop, colour constancy, the
   * augmentation of the seeded views, normalisation), as text: two pipelines with the same
   * fingerprint make the same view of the same image and seed. The decode cache is not part of it.
   */
  public String fingerprint() {
    return "size=" + size + ",crop=" + borderCrop.pixels() + ",cc=" + colorConstancy.name() + "," + augmentation
        + ",norm=" + normalization.channelOrder() + java.util.Arrays.toString(normalization.mean())
        + java.util.Arrays.toString(normalization.scale());
  }

  /** Length of every returned array: 3 × size × size. */
  public int length() {
    return 3 * size * size;
  }

  /** Deterministic preprocessing of a file (validation, test, inference). */
  public float[] eval(Path image) {
    return plain(load(image));
  }

  /** The plain (unaugmented) view of a loaded image. */
  public float[] plain(SourceImage image) {
    return normalization.toChw(Resize.square(size).apply(image.base()));
  }

  /** An augmented view of a loaded image; the same (image, seed) always gives the same floats. */
  public float[] augmented(SourceImage image, long seed) {
    return normalization.toChw(augment(image.base(), new SplittableRandom(seed)));
  }

  /** Decodes (or takes from the cache) a file, border-cropped and downscaled. */
  public SourceImage load(Path file) {
    if (cacheBytes <= 0) {
      return decodeFile(file);
    }
    synchronized (bases) {
      SourceImage cached = bases.get(file);
      if (cached != null) {
        return cached;
      }
    }
    // Decode outside the lock so that slow decodes of different files run in parallel.
    SourceImage loaded = decodeFile(file);
    synchronized (bases) {
      SourceImage raced = bases.putIfAbsent(file, loaded);
      if (raced != null) {
        return raced;
      }
      cachedBytes += bytes(loaded);
      Iterator<SourceImage> eldest = bases.values().iterator();
      while (cachedBytes > cacheBytes && bases.size() > 1 && eldest.hasNext()) {
        cachedBytes -= bytes(eldest.next());
        eldest.remove();
      }
    }
    return loaded;
  }

  /**
   * Image bytes in memory (an upload: JPEG, PNG or DICOM), with the same checks as a file;
   * nothing is written to disk or cached.
   */
  public SourceImage load(byte[] encoded, String name) {
    return source(ImageDecoder.decode(encoded, name), encoded);
  }

  /**
   * An image decoded already (by {@link ImageDecoder}, from {@code encoded}): the same source
   * image {@link #load(byte[], String)} would make of the bytes, without decoding them again.
   */
  public SourceImage load(RgbImage decoded, byte[] encoded) {
    return source(decoded, encoded);
  }

  private SourceImage decodeFile(Path file) {
    byte[] bytes = ImageDecoder.read(file);
    return source(ImageDecoder.decode(bytes, file.toString()), bytes);
  }

  private SourceImage source(RgbImage decoded, byte[] encoded) {
    return new SourceImage(toBase(decoded), contentKey(encoded), contentKey(decoded.rgb()));
  }

  private static long bytes(SourceImage image) {
    return 3L * image.base().width() * image.base().height();
  }

  /** The first 8 bytes of the sha256 of some bytes (an encoded file, decoded pixels), as a long. */
  static long contentKey(byte[] encoded) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(encoded);
      return ByteBuffer.wrap(d, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    synchronized (bases) {
      return bases.size();
    }
  }

  /**
   * Border crop, then an aspect-keeping area-average downscale to short side ≤ 2×size, then the
   * colour constancy (on the smaller image: the light's estimate is an average either way).
   */
  RgbImage toBase(RgbImage decoded) {
    RgbImage im = borderCrop.apply(decoded);
    int shortSide = Math.min(im.width(), im.height());
    int maxShort = 2 * size;
    if (shortSide > maxShort) {
      double f = (double) maxShort / shortSide;
      int w = Math.max(1, (int) Math.round(im.width() * f));
      int h = Math.max(1, (int) Math.round(im.height() * f));
      im = new Resize(w, h).apply(im);
    }
    return colorConstancy.apply(im);
  }

  public static final class Builder {
    private Integer size;
    private int borderCrop = BorderCrop.DEFAULT_PIXELS;
    private ColorConstancy colorConstancy = ColorConstancy.NONE;
    private Augmentation augmentation = Augmentation.defaults();
    private Normalization normalization = Normalization.MOBILENET;
    private long cacheBytes = DEFAULT_CACHE_BYTES;

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

    /** Colour constancy of each base image; default {@link ColorConstancy#NONE}. */
    public Builder optColorConstancy(ColorConstancy colorConstancy) {
      if (colorConstancy == null) {
        throw new IllegalArgumentException("color constancy expected non-null (use ColorConstancy.NONE)");
      }
      this.colorConstancy = colorConstancy;
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

    /** The backbone's normalisation; default {@link Normalization#MOBILENET}. */
    public Builder optNormalization(Normalization normalization) {
      if (normalization == null) {
        throw new IllegalArgumentException("normalization expected non-null");
      }
      this.normalization = normalization;
      return this;
    }

    /** Bytes of decoded base images kept in memory; default 1.5 GiB (the 1225 Derm7pt images at 224 take ~1.1 GiB), 0 disables. */
    public Builder optCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("cache bytes expected >= 0, got " + bytes);
      }
      this.cacheBytes = bytes;
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
