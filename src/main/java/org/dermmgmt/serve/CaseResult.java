package org.dermmgmt.serve;

import java.util.Map;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.explain.HeatMap;
import org.dermmgmt.infer.PredictionView;

/**
 * The model's answer for one request: the same view {@code predict --json} prints, the decision
 * layer's record of it ({@code ?format=fhir}; null from predictors that have none), and, when
 * asked for, one Grad-CAM heat map per image input ("clinic", "derm").
 */
public record CaseResult(PredictionView prediction, PredictionRecord record, Map<String, HeatMap> heatMaps) {}
