// The offline references for bench/serve-load.sh, in one JVM without HTTP:
//  - batch throughput: the run's Inferer over a split's cases (what `evaluate` runs: JPEG
//    decoding, the run's test-time views and members, forwards in batches of 16), in cases/s;
//  - one case: the service's predictor on one upload (decoding for the views, preprocessing,
//    forwards, decision layer), median of repeated calls, in ms; also with Grad-CAM.
// All run on one thread other than main, as the service's single worker does: libtorch calls from
// the JVM's main thread measured 5-7x slower on the shared machine, and forwards on a second
// thread slow those on the first (BENCHMARKS.md), either of which would flatter the service.
// Run (after ./dermmgmt has built the jar):
//   java -cp 'target/dermmgmt.jar:target/lib/*' bench/ServeOffline.java RUN_DIR DATA_DIR SPLIT CLINIC DERM
// (SPLIT none: the one-case figures only)
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.serve.CaseRequest;
import org.dermmgmt.serve.ImageLimits;
import org.dermmgmt.serve.TrainedModelPredictor;
import org.dermmgmt.serve.UploadDecoder;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.TrainedModel;

public class ServeOffline {
  interface Work {
    void run() throws Exception;
  }

  /**
   * Every measurement on one and the same thread, as the service predicts on its one worker:
   * libtorch keeps an OpenMP team per calling thread, and forwards on a second thread made those
   * of the first about 1.4x slower on 2 cores (BENCHMARKS.md, "Packed inference").
   */
  private static final java.util.concurrent.ExecutorService WORKER =
      java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-worker");
        t.setDaemon(true);
        return t;
      });

  static void onWorker(Work work) throws Exception {
    try {
      WORKER.submit(() -> {
        work.run();
        return null;
      }).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    if (!args[2].equals("none")) { // SPLIT none: only the one-case figures
      batchReference(run, args[1], args[2]);
    }
    byte[] clinicBytes = Files.readAllBytes(Path.of(args[3]));
    byte[] dermBytes = Files.readAllBytes(Path.of(args[4]));
    try (TrainedModelPredictor predictor = TrainedModelPredictor.load(run, true)) {
      for (boolean explain : new boolean[] {false, true}) {
        onWorker(() -> {
          predictor.predict(List.of(decoded(clinicBytes, dermBytes, explain)));
          List<Double> ms = new ArrayList<>();
          for (int i = 0; i < 15; i++) {
            // One case's compute as the service's is counted: the uploads' decoding (once, as the
            // service decodes them on arrival) and the prediction.
            long t = System.nanoTime();
            predictor.predict(List.of(decoded(clinicBytes, dermBytes, explain)));
            ms.add((System.nanoTime() - t) / 1e6);
          }
          Collections.sort(ms);
          System.out.printf("OFFLINE one_case_ms=%.1f explain=%s (median of %d)%n", ms.get(ms.size() / 2), explain, ms.size());
        });
      }
    }
  }

  static void batchReference(Path run, String data, String split) throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(Path.of(data));
    List<LesionCase> cases = release.split(Split.parse(split));
    try (TrainedModel model = TrainedModel.load(run)) {
      onWorker(() -> {
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        List<CaseInput> inputs = cases.stream().map(c -> CaseInput.of(release, c)).toList();
        model.inferer().predict(inputs.subList(0, 16), null);  // warm-up
        long t = System.nanoTime();
        model.inferer().predict(inputs, null);
        double s = (System.nanoTime() - t) / 1e9;
        System.out.printf("OFFLINE batch_cases_per_s=%.2f cases=%d members=%d views=%d seconds=%.1f%n",
            cases.size() / s, cases.size(), model.size(), model.inferer().spec().views() + 1, s);
      });
    }
  }

  static CaseRequest decoded(byte[] clinicBytes, byte[] dermBytes, boolean explain) {
    return new CaseRequest(UploadDecoder.decode(clinicBytes, "clinic", ImageLimits.DEFAULT),
        UploadDecoder.decode(dermBytes, "derm", ImageLimits.DEFAULT), "female", "back", "flat", explain,
        clinicBytes, dermBytes);
  }
}
