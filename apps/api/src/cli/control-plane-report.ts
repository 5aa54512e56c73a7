import { basename } from 'node:path';
import {
  type ControlPlanePart,
  DEFAULT_CONTROL_PLANE_THRESHOLDS,
  formatDuration,
  judgeControlPlanePaths,
} from '@fleetscope/diagnostics';
import type {
  ControlPlaneHealth,
  ControlPlanePath,
  Evidence,
  HealthStatus,
  Impact,
  SignalName,
  SignalSet,
  Verdict,
} from '@fleetscope/types';
import { mergeSignalSets } from './merge-signals.ts';
import { describeNeedsRates, NEEDS_RATES_HINT, type NeedsRate } from './needs-rates.ts';
import type { MetricsFile, MetricsFileInfo } from './read-metrics.ts';

/** A part's verdict and the inputs it would also use but that one snapshot cannot give. */
export interface PartReport extends Verdict {
  notJudged: SignalName[];
}

/** The control-plane section of `fleetscope analyze --metrics`: the shape of ControlPlaneHealth, plus what was not judged. */
export interface ControlPlaneReport {
  cluster: string;
  /** ISO time the verdict stands for (the time of the analysis: the files are one snapshot). */
  judgedAt: string;
  files: MetricsFileInfo[];
  status: HealthStatus;
  summary: string;
  evidence: Evidence[];
  impact: Impact;
  paths: Record<ControlPlanePath, PartReport>;
  etcd: PartReport;
  scheduler: PartReport;
  controllers: PartReport;
  /** Inputs of the components seen that need rates over time: UNKNOWN, never judged from one snapshot. */
  needsRates: NeedsRate[];
  needsRatesHint: string;
  /** How to read the numbers (lifetime histograms, files written far apart, files with nothing known). */
  notes: string[];
}

/** Instance label of each file: its base name when those are unique, else the path as given. */
function instanceNames(files: readonly MetricsFile[]): string[] {
  const names = files.map((f) => basename(f.info.file));
  return new Set(names).size === names.length ? names : files.map((f) => f.info.file);
}

/** One signal set from several files; see {@link mergeSignalSets}. */
export function signalsOfFiles(files: readonly MetricsFile[], cluster: string): SignalSet {
  const instances = instanceNames(files);
  return mergeSignalSets(
    cluster,
    files.map((f, i) => ({ instance: instances[i] ?? f.info.file, set: f.signals.signals })),
  );
}

/**
 * The library says "X not collected"; here the reason is known: one snapshot has no rates. A
 * trailing "(unknown: …)" naming only such inputs is dropped: `notJudged` and the needs-rates
 * section say it once.
 */
function explain(text: string, needsRates: readonly SignalName[]): string {
  // "no scheduler metrics from a.prom, b.prom": here the source is the files given.
  let out = text.replace(/\bno ([\w-]+) metrics from [^;()]*/g, 'no $1 metrics among the files');
  for (const name of needsRates) out = out.split(`${name} not collected`).join(`${name} needs rates`);
  const tail = / \(unknown: ([^()]*)\)$/.exec(out);
  if (tail !== null && (tail[1] ?? '').split('; ').every((r) => /^\w+ needs rates$/.test(r))) {
    out = out.slice(0, tail.index);
  }
  return out;
}

function notesOf(files: readonly MetricsFile[]): string[] {
  const notes = [
    'Gauges are used as scraped; latency p99s come from histograms over each process lifetime ' +
      '(since process start), not from the last minutes.',
  ];
  const times = files.map((f) => f.modifiedMs).filter((t): t is number => t !== null);
  const spread = times.length < 2 ? 0 : Math.max(...times) - Math.min(...times);
  if (spread > DEFAULT_CONTROL_PLANE_THRESHOLDS.signalStaleAfterMs) {
    notes.push(`The files were written ${formatDuration(spread)} apart; they are judged as one snapshot.`);
  }
  const etcdFiles = files.filter((f) => f.info.components.includes('etcd')).length;
  if (etcdFiles > 0) {
    notes.push(
      `etcd membership counts the ${etcdFiles} etcd file(s) given, one per member: a member that did not answer its scrape has no file and is not counted.`,
    );
  }
  const seen = new Set(files.flatMap((f) => f.info.components));
  const missing = ['apiserver', 'etcd', 'scheduler', 'controller-manager'].filter((c) => !seen.has(c));
  if (missing.length > 0) {
    notes.push(
      `No ${missing.join(', ')} metrics among the files: what depends on them is UNKNOWN (not given proves nothing); add --metrics with their /metrics to judge it.`,
    );
  }
  for (const f of files) {
    if (f.info.components.length === 0) {
      notes.push(
        `${f.info.file}: no kube-apiserver, etcd, kube-scheduler or kube-controller-manager metrics recognised.`,
      );
    }
  }
  return notes;
}

/**
 * Judges the control plane from metrics files (one snapshot, no watches of ours) and shapes the
 * report: verdict per path and component, impact, and the rate-based inputs left UNKNOWN.
 */
export function controlPlaneReport(
  files: readonly MetricsFile[],
  signals: SignalSet,
  now: number,
): ControlPlaneReport {
  const health: ControlPlaneHealth = judgeControlPlanePaths({
    cluster: signals.cluster,
    signals,
    watches: [],
    now,
  });
  const needsRates = describeNeedsRates(files.flatMap((f) => f.signals.needsRates));
  const names = needsRates.map((n) => n.signal);
  const part = (name: ControlPlanePart, verdict: Verdict): PartReport => ({
    status: verdict.status,
    summary: explain(verdict.summary, names),
    evidence: verdict.evidence,
    notJudged: needsRates.filter((n) => n.part === name).map((n) => n.signal),
  });
  return {
    cluster: signals.cluster,
    judgedAt: new Date(now).toISOString(),
    files: files.map((f) => f.info),
    status: health.status,
    summary: explain(health.summary, names),
    evidence: health.evidence,
    impact: { ...health.impact, statement: explain(health.impact.statement, names) },
    paths: {
      read: part('read', health.paths.read),
      write: part('write', health.paths.write),
      admission: part('admission', health.paths.admission),
      watch: part('watch', health.paths.watch),
    },
    etcd: part('etcd', health.etcd),
    scheduler: part('scheduler', health.scheduler),
    controllers: part('controllers', health.controllers),
    needsRates,
    needsRatesHint: NEEDS_RATES_HINT,
    notes: notesOf(files),
  };
}

const pad = (s: string, n: number): string => s.padEnd(n);

function evidenceLine(e: Evidence): string {
  const threshold = e.threshold === undefined ? '' : ` (want ${e.threshold})`;
  const window = e.window === undefined || e.window === '' ? '' : `, ${e.window}`;
  return `        · ${e.signal} = ${e.value}${threshold} [${e.source}${window}]`;
}

/** Text form of the control-plane section. */
export function formatControlPlaneText(report: ControlPlaneReport): string[] {
  const lines = [
    `Control plane of ${report.cluster} — from ${report.files.length} metrics file(s), one snapshot judged at ${report.judgedAt}`,
  ];
  for (const f of report.files) {
    const what = f.components.length === 0 ? 'nothing recognised' : f.components.join(', ');
    const bad = f.rejectedLines === 0 ? '' : `, ${f.rejectedLines} malformed`;
    lines.push(`  ${f.file}: ${f.samples} samples in ${f.lines} lines${bad} — ${what}`);
  }
  lines.push(`  ${pad('Overall', 15)}${pad(report.status, 15)}${report.summary}`);
  const flag = (on: boolean): string => (on ? 'impaired' : 'not impaired');
  lines.push(
    `  ${pad('Impact', 15)}operations path ${flag(report.impact.operationsPath)}, user path ${flag(report.impact.userPath)}`,
    `  ${pad('', 15)}${report.impact.statement}`,
  );
  const row = (label: string, v: PartReport): void => {
    lines.push(`    ${pad(label, 13)}${pad(v.status, 15)}${v.summary}`);
    if (v.status === 'DOWN' || v.status === 'DEGRADED') {
      for (const e of v.evidence.slice(0, 8)) lines.push(evidenceLine(e));
      if (v.evidence.length > 8) lines.push(`        … ${v.evidence.length - 8} more (--format json)`);
    }
    if (v.notJudged.length > 0 && v.status !== 'NOT_APPLICABLE') {
      lines.push(`        not judged (needs rates): ${v.notJudged.join(', ')}`);
    }
  };
  lines.push('  Paths');
  row('Read', report.paths.read);
  row('Write', report.paths.write);
  row('Admission', report.paths.admission);
  row('Watch', report.paths.watch);
  lines.push('  Components');
  row('etcd', report.etcd);
  row('Scheduler', report.scheduler);
  row('Controllers', report.controllers);
  lines.push('  Needs rates over time (not judged from one snapshot)');
  if (report.needsRates.length === 0) lines.push('    none for the components seen');
  for (const n of report.needsRates) {
    lines.push(`    ${pad(n.status, 9)}${pad(n.signal, 42)}${pad(n.part, 12)}${n.needs}`);
  }
  if (report.needsRates.length > 0) lines.push(`    Hint: ${report.needsRatesHint}.`);
  for (const note of report.notes) lines.push(`  Note: ${note}`);
  return lines;
}
