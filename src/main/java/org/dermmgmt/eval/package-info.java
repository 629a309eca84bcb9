/**
 * Evaluation of management predictions (pure Java, no deep learning).
 *
 * <p>Conventions, chosen to reproduce the paper's Table 2 (paper.md §3, §5) and documented where
 * they are implemented:
 *
 * <ul>
 *   <li>prediction = argmax of the probabilities, ties to the lower class index;
 *   <li>per-class metrics are one-vs-rest ({@link org.dermmgmt.eval.ClassMetric}); precision of a
 *       never-predicted class is 0 (the paper's CLNC infr row), other undefined values are NaN;
 *   <li>macro = unweighted mean over classes, skipping NaN classes;
 *   <li>AUROC = Mann–Whitney with ties ½ ({@link org.dermmgmt.eval.Auroc});
 *   <li>over-excision rate = non-EXC predicted EXC / all cases (paper.md §5.1);
 *   <li>ECE: top-label, 15 equal-width bins; Brier: Σ_k (p_k − y_k)², mean over cases;
 *   <li>bootstrap: seeded percentile intervals, 2000 resamples by default;
 *   <li>relative improvement = (B − A)/A as a fraction;
 *   <li>JSON has no NaN: undefined values are written as null and read back as NaN.
 * </ul>
 */
package org.dermmgmt.eval;
