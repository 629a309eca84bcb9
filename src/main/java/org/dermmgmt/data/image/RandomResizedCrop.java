package org.dermmgmt.data.image;

import java.util.SplittableRandom;

/**
 * torchvision's RandomResizedCrop: a crop covering a random fraction of the area ({@code scale})
 * with a random aspect ratio ({@code ratio}, sampled log-uniformly), resized to size×size. After
 * 10 failed tries it falls back to a centre crop with the ratio clamped, as torchvision does.
 */
public record RandomResizedCrop(int size, double minScale, double maxScale, double minRatio, double maxRatio)
    implements RandomImageTransform {

  /** A crop window inside the image. */
  public record Window(int x, int y, int width, int height) {}

  public RandomResizedCrop {
    if (size <= 0 || minScale <= 0 || maxScale > 1 || minScale > maxScale || minRatio <= 0
        || minRatio > maxRatio) {
      throw new IllegalArgumentException(
          "expected size > 0, 0 < minScale <= maxScale <= 1, 0 < minRatio <= maxRatio; got size="
              + size + " scale=[" + minScale + ", " + maxScale + "] ratio=[" + minRatio + ", "
              + maxRatio + "]");
    }
  }

  @Override
  public RgbImage apply(RgbImage image, SplittableRandom rng) {
    Window w = window(image.width(), image.height(), rng);
    return Resize.square(size).apply(image.crop(w.x(), w.y(), w.width(), w.height()));
  }

  /** The crop window for an image of the given size; exposed so the size math can be tested. */
  public Window window(int imageWidth, int imageHeight, SplittableRandom rng) {
    double area = (double) imageWidth * imageHeight;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < 10; attempt++) {
      double targetArea = area * uniform(rng, minScale, maxScale);
      double aspect = Math.exp(uniform(rng, logMin, logMax));
      int w = (int) Math.round(Math.sqrt(targetArea * aspect));
      int h = (int) Math.round(Math.sqrt(targetArea / aspect));
      if (w > 0 && h > 0 && w <= imageWidth && h <= imageHeight) {
        int x = rng.nextInt(imageWidth - w + 1);
        int y = rng.nextInt(imageHeight - h + 1);
        return new Window(x, y, w, h);
      }
    }
    double inRatio = (double) imageWidth / imageHeight;
    int w;
    int h;
    if (inRatio < minRatio) {
      w = imageWidth;
      h = (int) Math.round(w / minRatio);
    } else if (inRatio > maxRatio) {
      h = imageHeight;
      w = (int) Math.round(h * maxRatio);
    } else {
      w = imageWidth;
      h = imageHeight;
    }
    w = Math.max(1, Math.min(w, imageWidth));
    h = Math.max(1, Math.min(h, imageHeight));
    return new Window((imageWidth - w) / 2, (imageHeight - h) / 2, w, h);
  }

  private static double uniform(SplittableRandom rng, double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * rng.nextDouble();
  }
}
