import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.ImageInput;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.infer.TrainedModel;

/**
 * Resident memory of the inference path alone (no HTTP): predicts the same two uploaded cases
 * ITERATIONS times through a run's Inferer, the way the service does, and prints VmRSS after a GC
 * at every tenth of the run. Growth under every allocator is something kept per call (a leak: it
 * was, see BENCHMARKS.md); growth under one allocator only is that allocator keeping freed memory.
 *   java -Xmx1g -cp 'target/dermmgmt.jar:target/lib/*' bench/InferenceMemory.java RUN CLINIC DERM ITERATIONS [VIEWS]
 * (VIEWS: the run's own when absent; 0 = the plain view only.) bench/inference-memory.sh runs it
 * under the allocators compared in BENCHMARKS.md.
 */
public class InferenceMemory {
  public static void main(String[] args) throws Exception {
    Path run = Path.of(args[0]);
    byte[] clinic = Files.readAllBytes(Path.of(args[1]));
    byte[] derm = Files.readAllBytes(Path.of(args[2]));
    int iterations = Integer.parseInt(args[3]);
    try (TrainedModel model = TrainedModel.load(run)) {
      Inferer inferer = args.length > 4 ? model.inferer(Integer.parseInt(args[4])) : model.inferer();
      StringBuilder rss = new StringBuilder();
      long started = System.nanoTime();
      // On a thread of its own, as the service's workers predict.
      Thread worker = new Thread(() -> {
        for (int i = 0; i <= iterations; i++) {
          List<CaseInput> cases = new ArrayList<>();
          for (int k = 0; k < 2; k++) { // fresh uploads each time, as requests bring them
            cases.add(new CaseInput("c" + k, null, new ImageInput.Bytes("clinic", clinic.clone()),
                new ImageInput.Bytes("derm", derm.clone()), "female", "head neck", "palpable"));
          }
          inferer.predict(cases, null);
          if (i % Math.max(1, iterations / 10) == 0) {
            System.gc();
            rss.append(residentMb()).append(' ');
          }
        }
      });
      worker.start();
      worker.join();
      long forwards = (long) (iterations + 1) * (inferer.spec().views() + 1) * model.size();
      System.out.printf("MEMORY iterations=%d forwards=%d wall_s=%.1f rss_mb=%s%n", iterations, forwards,
          (System.nanoTime() - started) / 1e9, rss.toString().trim().replace(' ', ','));
    }
  }

  private static long residentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      // not Linux
    }
    return -1;
  }
}
