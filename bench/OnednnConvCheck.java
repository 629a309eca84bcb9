import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.util.Arrays;
import org.dermmgmt.model.MemoryLayout;
import org.dermmgmt.model.script.TorchScriptSource;

/**
 * Which of libtorch's oneDNN convolutions compute wrongly on this CPU: for each shape, the relative
 * error against float64 (aten's own loops, no oneDNN) of the same convolution computed (1) on NCHW
 * tensors, (2) on channels-last tensors, (3) packed for batches of 8 as dermmgmt's packed inference
 * runs it, (4) packed for the case's own batch; then the backward pass on channels-last tensors,
 * as fine-tuning would run it: (5) the input gradient, (6) the weight gradient, each against
 * float64 autograd. Random inputs, weights and output gradients; float rounding gives ~1e-7, a
 * wrong kernel ~0.1.
 *   java -cp 'target/dermmgmt.jar:target/lib/*' bench/OnednnConvCheck.java PAIRS SIDES BATCHES [KERNEL] [DEPTHWISE]
 * PAIRS "960x320;320x1280" (in x out channels), SIDES "7,14", BATCHES "1,8", KERNEL 1 (default) or
 * 3, DEPTHWISE true for groups = channels. One CSV line per shape:
 * in,out,side,batch,kernel,groups,nchw,channels_last,packed8,packed_batch,backward_dx,backward_dw.
 * Shapes that make oneDNN divide by zero (ResNet-50's 256x1024 at 14 there) kill the JVM: run them alone.
 */
public class OnednnConvCheck {
  static final String SRC = TorchScriptSource.header("ConvCheck")
      + "  def forward(self: __torch__.ConvCheck, cfg: List[int]) -> Tensor:\n"
      + "    cin = cfg[0]\n    cout = cfg[1]\n    hw = cfg[2]\n    b = cfg[3]\n    k = cfg[4]\n    g = cfg[5]\n"
      + "    p = torch.floordiv(k, 2)\n"
      + "    x = torch.randn([b, cin, hw, hw])\n"
      + "    w = torch.div(torch.randn([cout, torch.floordiv(cin, g), k, k]), torch.sqrt(torch.tensor(float(torch.floordiv(cin, g) * k * k))))\n"
      + "    bias = torch.randn([cout])\n"
      + "    ref = torch.conv2d(torch.to(x, 7), torch.to(w, 7), torch.to(bias, 7), [1, 1], [p, p], [1, 1], g)\n"
      + "    a = torch.to(torch.conv2d(x, w, bias, [1, 1], [p, p], [1, 1], g), 7)\n"
      + "    xc = torch.contiguous(x, memory_format=2)\n"
      + "    c = torch.to(torch.conv2d(xc, w, bias, [1, 1], [p, p], [1, 1], g), 7)\n"
      + "    w8 = torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(w), [p, p], [1, 1], [1, 1], g, [8, cin, hw, hw])\n"
      + "    p8 = torch.to(ops.mkldnn._convolution_pointwise(xc, w8, bias, [p, p], [1, 1], [1, 1], g, \"none\", annotate(List[Optional[number]], []), None), 7)\n"
      + "    wb = torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(w), [p, p], [1, 1], [1, 1], g, [b, cin, hw, hw])\n"
      + "    pb = torch.to(ops.mkldnn._convolution_pointwise(xc, wb, bias, [p, p], [1, 1], [1, 1], g, \"none\", annotate(List[Optional[number]], []), None), 7)\n"
      + "    n = torch.norm(ref)\n"
      + "    errs = [torch.div(torch.norm(torch.sub(a, ref)), n), torch.div(torch.norm(torch.sub(c, ref)), n),"
      + " torch.div(torch.norm(torch.sub(p8, ref)), n), torch.div(torch.norm(torch.sub(pb, ref)), n)]\n"
      + "    return torch.to(torch.stack(errs), 6)\n";

  public static void main(String[] args) throws Exception {
    long[][] pairs = Arrays.stream(args[0].split(";"))
        .map(p -> Arrays.stream(p.split("x")).mapToLong(Long::parseLong).toArray()).toArray(long[][]::new);
    long[] sides = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
    long[] batches = Arrays.stream(args[2].split(",")).mapToLong(Long::parseLong).toArray();
    long kernel = args.length > 3 ? Long.parseLong(args[3]) : 1;
    boolean depthwise = args.length > 4 && Boolean.parseBoolean(args[4]);
    try (PtNDManager m = (PtNDManager) NDManager.newBaseManager("PyTorch");
        PtSymbolBlock check = TorchScriptSource.load(m, "ConvCheck", SRC, false)) {
      for (long[] pair : pairs) {
        long groups = depthwise ? pair[0] : 1;
        for (long side : sides) {
          for (long batch : batches) {
            try (IValue in = IValue.listFrom(pair[0], pair[1], side, batch, kernel, groups); IValue out = check.forward(in);
                NDManager scratch = m.newSubManager()) {
              float[] e = out.toTensor(m).toFloatArray();
              double[] g = backward(scratch, pair[0], pair[1], side, batch, kernel, groups);
              System.out.printf("%d,%d,%d,%d,%d,%d,%.1e,%.1e,%.1e,%.1e,%.1e,%.1e%n",
                  pair[0], pair[1], side, batch, kernel, groups, e[0], e[1], e[2], e[3], g[0], g[1]);
            }
          }
        }
      }
    }
  }

  /** Relative errors of the input and weight gradients computed on channels-last fp32 tensors, against float64. */
  static double[] backward(NDManager m, long cin, long cout, long side, long batch, long kernel, long groups) {
    NDArray x = m.randomNormal(new Shape(batch, cin, side, side));
    NDArray w = m.randomNormal(new Shape(cout, cin / groups, kernel, kernel)).div(Math.sqrt((double) cin / groups * kernel * kernel));
    NDArray b = m.randomNormal(new Shape(cout));
    NDArray gy = m.randomNormal(new Shape(batch, cout, side, side));
    NDArray[] ref = gradients(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true), b.toType(DataType.FLOAT64, true),
        gy.toType(DataType.FLOAT64, true), kernel, groups);
    NDArray[] fp32 = gradients(MemoryLayout.channelsLast(x), w, b, gy, kernel, groups);
    return new double[] {relative(fp32[0], ref[0]), relative(fp32[1], ref[1])};
  }

  private static NDArray[] gradients(NDArray x, NDArray w, NDArray b, NDArray gy, long kernel, long groups) {
    x.setRequiresGradient(true);
    w.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(kernel / 2, kernel / 2), new Shape(1, 1), (int) groups)
          .singletonOrThrow();
      collector.backward(y.mul(gy).sum());
    }
    return new NDArray[] {x.getGradient().toType(DataType.FLOAT64, true), w.getGradient().toType(DataType.FLOAT64, true)};
  }

  private static double relative(NDArray a, NDArray ref) {
    double num = a.sub(ref).pow(2).sum().getDouble();
    double den = ref.pow(2).sum().getDouble();
    return Math.sqrt(num / Math.max(den, 1e-30));
  }
}
