package org.dermmgmt.model.script;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;

/**
 * Casts between fp32 and bf16 that autograd differentiates, for mixed-precision training. DJL 0.36
 * cannot cast to bf16 itself (its {@code toType} aborts the JVM on that type, and it reports a bf16
 * array's type as UNKNOWN), so each direction is a one-line TorchScript module ({@link
 * TorchScriptSource}) calling {@code torch.to}; DJL's operators then run on the bf16 arrays as on
 * any other.
 */
public final class Cast {
  private Cast() {}

  /** Loaded once per process, on first use; a manager of their own that lives as long as the process. */
  private static final class Modules {
    static final PtNDManager MANAGER = (PtNDManager) NDManager.newBaseManager("PyTorch");
    static final PtSymbolBlock TO_BF16 = load("ToBf16", Precision.BF16);
    static final PtSymbolBlock TO_FP32 = load("ToFp32", Precision.FP32);

    private static PtSymbolBlock load(String name, Precision to) {
      return TorchScriptSource.load(MANAGER, name, TorchScriptSource.header(name)
          + "  def forward(self: __torch__." + name + ", x: Tensor) -> Tensor:\n"
          + "    return torch.to(x, " + to.torchDtype() + ")\n", true);
    }
  }

  /** {@code x} in {@code to}'s arithmetic (itself when it already is), on {@code x}'s manager. */
  public static NDArray to(NDArray x, Precision to, boolean training) {
    return to(x, to, training, x.getManager());
  }

  /**
   * {@code x} in {@code to}'s arithmetic, owned by {@code owner}: a cast of a parameter must belong
   * to the batch, not to the model's manager, or every step would leave a copy of the weights behind.
   */
  public static NDArray to(NDArray x, Precision to, boolean training, NDManager owner) {
    if (isBf16(x) == (to == Precision.BF16)) {
      return x;
    }
    PtSymbolBlock module = to == Precision.BF16 ? Modules.TO_BF16 : Modules.TO_FP32;
    NDArray y = module.forward(new ParameterStore(owner, false), new NDList(x), training).singletonOrThrow();
    y.attach(owner);
    return y;
  }

  /** Whether {@code x} holds bf16 values (DJL names no other type UNKNOWN among libtorch's here). */
  public static boolean isBf16(NDArray x) {
    DataType t = x.getDataType();
    return t == DataType.BFLOAT16 || t == DataType.UNKNOWN;
  }
}
