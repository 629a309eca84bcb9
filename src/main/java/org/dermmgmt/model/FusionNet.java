package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.dermmgmt.model.script.Precision;

/**
 * The paper's two-stream fusion network (paper.md §4, Fig. 6): each chosen image goes through its
 * backbone stream and is globally average pooled; the pooled vectors are concatenated with the
 * metadata one-hot and fed to the task heads.
 *
 * <p>Input: an {@link NDList} holding, in this order, the clinical batch (N,3,S,S) if the model
 * uses C, the dermoscopic batch if it uses D, and the metadata (N,14) if it uses M. Output: one
 * logits array per head of the task, in {@link Task#heads()} order.
 */
public final class FusionNet extends AbstractBlock {
  private static final byte VERSION = 1;

  private final FusionConfig config;
  private final Block clinicStream;
  private final Block dermStream;
  private final FusionHead head;
  private final int streamFeatures;

  public FusionNet(FusionConfig config) {
    super(VERSION);
    this.config = config;
    Inputs inputs = config.inputs();
    Block clinic = null;
    Block derm = null;
    if (config.sharedStreams() && inputs.clinic() && inputs.derm()) {
      clinic = addChildBlock("stream", config.backboneImpl().newStream(config));
      derm = clinic;
    } else {
      if (inputs.clinic()) {
        clinic = addChildBlock("clinic", config.backboneImpl().newStream(config));
      }
      if (inputs.derm()) {
        derm = addChildBlock("derm", config.backboneImpl().newStream(config));
      }
    }
    this.clinicStream = clinic;
    this.dermStream = derm;
    this.streamFeatures = config.backboneImpl().featureSize(config);
    this.head =
        addChildBlock(
            "head", new FusionHead(config.task().heads(), config.headHidden(), config.dropout()));
  }

  public FusionConfig config() {
    return config;
  }

  public FusionHead head() {
    return head;
  }

  /** The backbone streams in input order (clinical, dermoscopic), skipping unused ones. */
  public java.util.List<Block> streams() {
    java.util.List<Block> s = new java.util.ArrayList<>();
    if (clinicStream != null) {
      s.add(clinicStream);
    }
    if (dermStream != null && dermStream != clinicStream) {
      s.add(dermStream);
    }
    return s;
  }

  /** {@link #packForInference(Precision)} in the process's {@link Precision#inference()}. */
  public org.dermmgmt.model.script.Packable.Packing packForInference() {
    return packForInference(Precision.inference());
  }

  /**
   * Packs the streams that can be packed for inference ({@link org.dermmgmt.model.script.Packable}),
   * computing in {@code precision}; for a loaded network whose weights will not change. Closing
   * the result undoes it.
   */
  public org.dermmgmt.model.script.Packable.Packing packForInference(Precision precision) {
    java.util.List<org.dermmgmt.model.script.Packable.Packing> packs = new java.util.ArrayList<>();
    for (Block s : streams()) {
      if (s instanceof org.dermmgmt.model.script.Packable p) {
        packs.add(p.packForInference(precision));
      }
    }
    return () -> {
      packs.forEach(org.dermmgmt.model.script.Packable.Packing::close);
    };
  }

  /**
   * The arithmetic of the streams' following training forwards ({@link
   * org.dermmgmt.model.script.MixedPrecision}; streams that cannot, such as tiny test ones built
   * otherwise, stay fp32). The heads always train in fp32.
   */
  public void trainIn(Precision precision) {
    for (Block s : streams()) {
      if (s instanceof org.dermmgmt.model.script.MixedPrecision m) {
        m.trainIn(precision);
      }
    }
  }

  /** Length of the fused vector the head sees. */
  public int fusedSize() {
    return fusedSize(config, streamFeatures);
  }

  public static int fusedSize(FusionConfig config, int streamFeatures) {
    Inputs in = config.inputs();
    return (in.clinic() ? streamFeatures : 0)
        + (in.derm() ? streamFeatures : 0)
        + (in.meta() ? config.metadata().size() : 0);
  }

  /** Runs the image streams and the concatenation, without the heads. */
  public NDArray fuse(ParameterStore ps, NDList inputs, boolean training) {
    NDList parts = new NDList(3);
    int i = 0;
    if (clinicStream != null) {
      parts.add(clinicStream.forward(ps, new NDList(inputs.get(i++)), training).singletonOrThrow());
    }
    if (dermStream != null) {
      parts.add(dermStream.forward(ps, new NDList(inputs.get(i++)), training).singletonOrThrow());
    }
    if (config.inputs().meta()) {
      parts.add(inputs.get(i));
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return head.forward(ps, new NDList(fuse(ps, inputs, training)), training, params);
  }

  /** Input shapes for a batch of {@code n} cases, in the order {@link #forward} expects. */
  public Shape[] inputShapes(long n) {
    java.util.List<Shape> shapes = new java.util.ArrayList<>();
    int s = config.imageSize();
    if (config.inputs().clinic()) {
      shapes.add(new Shape(n, 3, s, s));
    }
    if (config.inputs().derm()) {
      shapes.add(new Shape(n, 3, s, s));
    }
    if (config.inputs().meta()) {
      shapes.add(new Shape(n, config.metadata().size()));
    }
    return shapes.toArray(Shape[]::new);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    int i = 0;
    if (clinicStream != null) {
      clinicStream.initialize(manager, dataType, inputShapes[i++]);
    }
    if (dermStream != null) {
      if (dermStream != clinicStream) {
        dermStream.initialize(manager, dataType, inputShapes[i]);
      }
      i++;
    }
    head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), fusedSize()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), fusedSize())});
  }
}
