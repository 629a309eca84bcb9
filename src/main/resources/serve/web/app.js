// The page builds its form from GET /api/v1/model, posts the case to /api/v1/predict and draws
// the answer. Plain DOM code: no framework, nothing loaded from the internet.
"use strict";

const IMAGE_NAMES = { clinic: "Clinical photo", derm: "Dermoscopic image" };
const MANAGEMENT_NAMES = { NONE: "no further examination", CLNC: "clinical follow-up", EXC: "excision" };
let apiKey = sessionStorage.getItem("dermmgmt-key") || "";
let model = null;
const files = {};

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => (k === "text" ? (e.textContent = v) : e.setAttribute(k, v)));
  children.forEach((c) => e.append(c));
  return e;
}

function headers() {
  return apiKey ? { Authorization: "Bearer " + apiKey } : {};
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

async function loadModel() {
  const response = await fetch("/api/v1/model", { headers: headers() });
  if (response.status === 401) {
    $("key-section").hidden = false;
    $("model-info").textContent = "This service needs an API key.";
    return;
  }
  if (!response.ok) {
    showError("Cannot read the model description (HTTP " + response.status + ").");
    return;
  }
  const doc = await response.json();
  model = doc.model;
  $("key-section").hidden = true;
  $("model-info").textContent = "Model " + model.name + " (" + model.task + ", inputs " + model.inputs
    + (model.members > 1 ? ", ensemble of " + model.members : "") + "), config " + model.configSha256.slice(0, 12)
    + ". Images: JPEG or PNG, at most " + Math.round(doc.images.maxBytes / 1048576) + " MB and "
    + Math.round(doc.images.maxPixels / 1e6) + " megapixels. " + describeDecisions(model.decision);
  buildForm(doc);
}

function describeDecisions(d) {
  if (!d) return "";
  const calibrated = Object.keys(d.temperatures).length > 0 ? "calibrated" : "uncalibrated";
  const gate = Object.keys(d.qualityGate).length > 0 ? "image-quality gate on" : "image-quality gate off";
  const refer = d.referBelow > 0 ? ", referred below confidence " + d.referBelow : "";
  return "Decisions: " + d.policy + " policy (" + calibrated + refer + "), " + gate + ".";
}

function buildForm(doc) {
  const images = $("images");
  images.replaceChildren();
  ["clinic", "derm"].filter((f) => doc.fields[f] === "required").forEach((field) => images.append(imageCard(field)));
  const meta = $("metadata");
  meta.replaceChildren(el("legend", { text: "Patient and lesion" }));
  Object.entries(model.metadata).forEach(([field, values]) => {
    const select = el("select", { id: field, name: field, required: "" }, el("option", { value: "", text: "choose…" }));
    values.forEach((v) => select.append(el("option", { value: v, text: v })));
    meta.append(el("label", {}, field, select));
  });
  meta.hidden = Object.keys(model.metadata).length === 0;
  $("explain-label").hidden = !model.explainable;
  $("explain").checked = model.explainable;
  $("case-form").hidden = false;
}

function imageCard(field) {
  const input = el("input", { type: "file", id: field + "-file", accept: "image/jpeg,image/png" });
  const drop = el("div", { class: "drop", id: field + "-drop" }, el("div", { text: "Drop the " + IMAGE_NAMES[field].toLowerCase() + " here or " }), input);
  const preview = el("img", { id: field + "-preview", alt: IMAGE_NAMES[field] });
  const heat = el("img", { id: field + "-heat", alt: "heat map of the " + IMAGE_NAMES[field].toLowerCase() });
  const pair = el("div", { class: "pair" },
    el("figure", {}, preview, el("figcaption", { text: "uploaded" })),
    el("figure", { id: field + "-heat-figure", hidden: "" }, heat, el("figcaption", { id: field + "-heat-caption", text: "heat map" })));
  input.addEventListener("change", () => choose(field, input.files[0]));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files.length) choose(field, e.dataTransfer.files[0]);
  });
  return el("div", { class: "image-card" }, el("h3", { text: IMAGE_NAMES[field] }), drop, pair);
}

function choose(field, file) {
  if (!file) return;
  files[field] = file;
  $(field + "-preview").src = URL.createObjectURL(file);
  $(field + "-heat-figure").hidden = true;
}

async function submit(event) {
  event.preventDefault();
  showError("");
  const form = new FormData();
  for (const field of ["clinic", "derm"]) {
    if ($(field + "-file")) {
      if (!files[field]) { showError("Choose the " + IMAGE_NAMES[field].toLowerCase() + "."); return; }
      form.append(field, files[field], files[field].name);
    }
  }
  for (const field of Object.keys(model.metadata)) {
    if (!$(field).value) { showError("Choose the " + field + "."); return; }
    form.append(field, $(field).value);
  }
  const explain = model.explainable && $("explain").checked;
  $("submit").disabled = true;
  $("status").textContent = "Predicting…";
  try {
    const response = await fetch("/api/v1/predict" + (explain ? "?explain=true" : ""), { method: "POST", body: form, headers: headers() });
    const body = await response.json();
    if (!response.ok) {
      showError(body.error + (body.field ? " (field: " + body.field + ")" : "")
        + (response.status === 503 ? " Retry in " + (response.headers.get("Retry-After") || "a few") + " s." : ""));
      return;
    }
    render(body);
  } catch (e) {
    showError("The service did not answer: " + e.message);
  } finally {
    $("submit").disabled = false;
    $("status").textContent = "";
  }
}

function bars(container, probabilities, names) {
  container.replaceChildren();
  const top = Object.entries(probabilities).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  Object.entries(probabilities).forEach(([label, p]) => {
    const fill = el("div", { class: "fill", style: "width:" + (100 * p).toFixed(1) + "%" });
    container.append(el("div", { class: "bar" + (label === top ? " top" : ""), "data-label": label, "data-p": String(p),
      title: names && names[label] ? names[label] : label },
      el("span", { text: label }), el("div", { class: "track" }, fill), el("span", { class: "value", text: (100 * p).toFixed(1) + "%" })));
  });
}

function render(body) {
  const p = body.prediction;
  $("recommendation").textContent = p.recommendation + " (" + MANAGEMENT_NAMES[p.recommendation] + ")";
  // A referred case (failed image check or low confidence) says so above the model's proposal.
  $("referral").hidden = p.decision !== "REFER";
  $("referral").textContent = p.decision === "REFER"
    ? "Refer to a dermatologist: " + (p.referral || "") + ". The proposal below is not a decision." : "";
  $("source").textContent = "Management " + p.managementSource + ".";
  bars($("management-bars"), p.management, MANAGEMENT_NAMES);
  $("diagnosis-section").hidden = !p.diagnosisProbabilities;
  if (p.diagnosisProbabilities) {
    $("diagnosis").textContent = p.diagnosis;
    bars($("diagnosis-bars"), p.diagnosisProbabilities, null);
  }
  $("checklist-section").hidden = !body.checklist;
  if (body.checklist) {
    const rows = body.checklist.map((c) => el("tr", { "data-criterion": c.criterion },
      el("td", { text: c.name.replaceAll("_", " ") + " (" + c.criterion + ")" }), el("td", { text: c.label }), el("td", { text: String(c.points) })));
    $("checklist").tBodies[0].replaceChildren(...rows);
    $("score").textContent = String(p.sevenPointScore);
  }
  for (const field of ["clinic", "derm"]) {
    const figure = $(field + "-heat-figure");
    const e = body.explanations && body.explanations[field];
    if (!figure) continue;
    figure.hidden = !e;
    if (e) {
      $(field + "-heat").src = "data:image/png;base64," + e.overlayPng;
      $(field + "-heat-caption").textContent = "heat map for " + e.target + " (red: most weight)";
    }
  }
  $("timing").textContent = "Answered in " + body.timeMs.toFixed(0) + " ms by " + body.model.name + ". " + body.notice;
  $("result").hidden = false;
}

$("case-form").addEventListener("submit", submit);
$("key-button").addEventListener("click", () => {
  apiKey = $("api-key").value.trim();
  sessionStorage.setItem("dermmgmt-key", apiKey);
  loadModel();
});
loadModel();
