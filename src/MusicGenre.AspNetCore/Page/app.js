// MusicGenre's page: pick or drop an audio file, send it to POST {api}/predict, show the top genres as bars and the
// genre of every analysis window under a log-mel spectrogram. No libraries, no build step.
"use strict";

(() => {
  const body = document.body;
  const api = body.dataset.api;
  const maxUploadBytes = Number(body.dataset.maxUploadBytes);
  const $ = (id) => document.getElementById(id);
  const palette = ["#3461c1", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d5fd3", "#e07a5f", "#2e4057", "#b5838d", "#6c757d"];
  let genres = [];

  const colourOf = (genre) => {
    const index = genres.indexOf(genre);
    if (index >= 0) return palette[index % palette.length];
    let hash = 0;
    for (const c of genre) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    return palette[hash % palette.length];
  };

  const percent = (p) => `${(100 * p).toFixed(1)} %`;

  function setStatus(text, isError = false) {
    $("status").textContent = text;
    $("status").classList.toggle("error", isError);
  }

  async function describeModel() {
    try {
      const response = await fetch(`${api}/model`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const model = await response.json();
      genres = model.genres;
      const accuracy = model.metrics && model.metrics.test_accuracy !== undefined ? `, ${percent(model.metrics.test_accuracy)} test accuracy` : "";
      $("model").textContent = `Model: ${model.kind} (${model.file}), ${model.genres.length} genres: ${model.genres.join(", ")}${accuracy}.`;
    } catch (e) {
      $("model").textContent = `The model description is not available (${e.message}).`;
    }
  }

  async function predict(file) {
    if (file.size > maxUploadBytes) {
      setStatus(`${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the limit is ${(maxUploadBytes / 1048576).toFixed(0)} MiB.`, true);
      body.dataset.state = "error";
      return;
    }
    body.dataset.state = "busy";
    setStatus(`Listening to ${file.name}…`);
    const form = new FormData();
    form.append("file", file, file.name);
    let response;
    try {
      response = await fetch(`${api}/predict?top=5&timeline=true&spectrogram=true`, { method: "POST", body: form });
    } catch (e) {
      setStatus(`The server could not be reached (${e.message}).`, true);
      body.dataset.state = "error";
      return;
    }
    const answer = await response.json().catch(() => null);
    if (!response.ok || answer === null) {
      const why = answer && (answer.detail || answer.title) ? `${answer.title}: ${answer.detail}` : `HTTP ${response.status}`;
      setStatus(`${file.name}: ${why}`, true);
      body.dataset.state = "error";
      return;
    }
    show(file.name, answer);
    body.dataset.state = "done";
  }

  function show(name, answer) {
    genres = answer.model.genres;
    $("result").hidden = false;
    $("genre").textContent = answer.genre;
    $("genre").dataset.genre = answer.genre;
    $("probability").textContent = percent(answer.probability);
    setStatus(`${name}: ${answer.durationSeconds.toFixed(1)} s of audio analysed by the ${answer.model.kind} model in ${answer.elapsedMs} ms.`);

    const bars = $("bars");
    bars.replaceChildren(...answer.scores.map((score) => {
      const item = document.createElement("li");
      const label = document.createElement("span");
      label.className = "name";
      label.textContent = score.genre;
      const track = document.createElement("span");
      track.className = "track";
      const fill = document.createElement("span");
      fill.className = "fill";
      fill.style.display = "block";
      fill.style.width = `${Math.max(0.5, 100 * score.probability)}%`;
      fill.style.background = colourOf(score.genre);
      track.append(fill);
      const value = document.createElement("span");
      value.className = "value";
      value.textContent = percent(score.probability);
      item.append(label, track, value);
      return item;
    }));

    drawSpectrogram(answer.spectrogram);
    drawTimeline(answer.timeline, answer.durationSeconds);
    drawAxis(answer.durationSeconds);
    $("caption").textContent = answer.timeline
      ? `Log-mel spectrogram (64 bands) with the genre the network hears in each ${(answer.timeline[0].end - answer.timeline[0].start).toFixed(1)} s window.`
      : `Log-mel spectrogram (64 bands). The ${answer.model.kind} model scores the whole track at once, so there is no timeline.`;
  }

  // Magma-like colour map: dark purple → red → yellow.
  const stops = [[0, 0, 4], [59, 15, 112], [140, 41, 129], [222, 73, 104], [254, 159, 109], [252, 253, 191]];
  function colour(v) {
    const x = (v / 255) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(x));
    const t = x - i;
    return stops[i].map((c, k) => Math.round(c + t * (stops[i + 1][k] - c)));
  }

  function drawSpectrogram(spectrogram) {
    const canvas = $("spectrogram");
    const context = canvas.getContext("2d");
    if (!spectrogram) {
      context.clearRect(0, 0, canvas.width, canvas.height);
      return;
    }
    const { bands, frames } = spectrogram;
    const cells = Uint8Array.from(atob(spectrogram.values), (c) => c.charCodeAt(0));
    canvas.width = frames;
    canvas.height = bands;
    const image = context.createImageData(frames, bands);
    for (let band = 0; band < bands; band++) {
      const y = bands - 1 - band; // low bands at the bottom
      for (let frame = 0; frame < frames; frame++) {
        const [r, g, b] = colour(cells[band * frames + frame]);
        const at = 4 * (y * frames + frame);
        image.data[at] = r;
        image.data[at + 1] = g;
        image.data[at + 2] = b;
        image.data[at + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
  }

  function drawTimeline(timeline, duration) {
    const strip = $("timeline");
    strip.replaceChildren();
    strip.hidden = !timeline || timeline.length === 0;
    if (strip.hidden) return;
    // Consecutive windows of one genre make one cell; each window shows until the next one starts (they may overlap).
    const runs = [];
    timeline.forEach((window, i) => {
      const end = i + 1 < timeline.length ? timeline[i + 1].start : window.end;
      const last = runs[runs.length - 1];
      if (last && last.genre === window.genre) {
        last.end = end;
        last.windows.push(window);
      } else {
        runs.push({ genre: window.genre, start: window.start, end, windows: [window] });
      }
    });
    for (const run of runs) {
      const cell = document.createElement("div");
      cell.className = "window";
      cell.dataset.windows = String(run.windows.length);
      cell.style.left = `${(100 * run.start) / duration}%`;
      cell.style.width = `${(100 * (run.end - run.start)) / duration}%`;
      cell.style.background = colourOf(run.genre);
      cell.textContent = run.genre;
      cell.title = run.windows.map((w) => `${w.start.toFixed(1)}–${w.end.toFixed(1)} s: ${w.genre} (${percent(w.probability)})`).join("\n");
      strip.append(cell);
    }
  }

  function drawAxis(duration) {
    const axis = $("axis");
    const step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].find((s) => duration / s <= 8) || 1200;
    const ticks = [];
    for (let t = 0; t <= duration + 1e-9; t += step) {
      const tick = document.createElement("span");
      tick.style.left = `${(100 * t) / duration}%`;
      tick.textContent = `${t} s`;
      if (t + step > duration + 1e-9 && t > 0) tick.className = "last";
      ticks.push(tick);
    }
    axis.replaceChildren(...ticks);
  }

  const drop = $("drop");
  $("file").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (file) predict(file);
  });
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    const file = event.dataTransfer.files[0];
    if (file) predict(file);
  });

  describeModel();
})();
