// The timing rules every browser contender of the benchmark follows (the
// TF.js pages, jax-js; sslab's worker and GoMLX's follow the same in Go):
// the warm-up, and the summary of the timed steps. A classic script, so
// that both classic pages and module scripts see its names.
'use strict';

// Warm-up: at least WARMUP steps and WARMUP_MS of stepping, so that every
// side has compiled and optimised its code before the timed steps.
const WARMUP = 3, WARMUP_MS = 2000;

// summarise writes into res the timed steps' median, range and times, the
// warm-up's length and the last loss, which must be finite.
function summarise(res, times, warmup, lastLoss) {
  res.warmup = warmup;
  if (!Number.isFinite(lastLoss)) throw new Error('loss is not finite: ' + lastLoss);
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  res.ms_per_step = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  res.ms_min = sorted[0];
  res.ms_max = sorted[sorted.length - 1];
  res.times = times.map((t) => Math.round(t * 100) / 100);
  res.last_loss = lastLoss;
  return res;
}
