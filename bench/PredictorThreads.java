// Does libtorch work on the JVM's main thread slow the forwards of another thread? Loads a run's
// service predictor (optionally with the Grad-CAM networks), optionally predicts once on main,
// then times 8 predictions of one case on a fresh thread, back to back and with 100 ms gaps,
// twice, and prints the medians. Run after ./dermmgmt has built the jar:
//   java -cp 'target/dermmgmt.jar:target/lib/*' bench/PredictorThreads.java RUN_DIR CLINIC DERM EXPLAIN_NETS WARM_ON_MAIN
// (EXPLAIN_NETS, WARM_ON_MAIN: true or false; run each setting in its own JVM, alternating.)
import org.dermmgmt.serve.*;
import org.dermmgmt.data.image.RgbImage;
import java.nio.file.*;
import java.util.*;
public class PredictorThreads {
  public static void main(String[] a) throws Exception {
    byte[] cb = Files.readAllBytes(Path.of(a[1])), db = Files.readAllBytes(Path.of(a[2]));
    RgbImage c = UploadDecoder.decode(cb, "clinic", ImageLimits.DEFAULT), d = UploadDecoder.decode(db, "derm", ImageLimits.DEFAULT);
    try (TrainedModelPredictor p = TrainedModelPredictor.load(Path.of(a[0]), Boolean.parseBoolean(a[3]))) {
      if (Boolean.parseBoolean(a[4])) { p.predict(List.of(new CaseRequest(c, d, "female", "head neck", "palpable", false, cb, db))); System.out.println("warmed on main"); }
      Thread t = new Thread(() -> {
        List<CaseRequest> one = List.of(new CaseRequest(c, d, "female", "head neck", "palpable", false, cb, db));
        p.predict(one);
        for (long gap : new long[] {0, 100, 0, 100}) {
          List<Double> ms = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            try { Thread.sleep(gap); } catch (InterruptedException e) {}
            long s = System.nanoTime(); p.predict(one); ms.add((System.nanoTime() - s) / 1e6);
          }
          Collections.sort(ms);
          System.out.printf("gap %d ms: median %.1f min %.1f max %.1f%n", gap, ms.get(4), ms.get(0), ms.get(7));
        }
      });
      t.start(); t.join();
    }
  }
}
