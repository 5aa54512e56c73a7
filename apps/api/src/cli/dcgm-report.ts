import {
  DCGM,
  type DcgmSample,
  type DcgmSeriesProblem,
  deviceActivity,
  foldDcgmSamples,
  type GpuActivity,
  isCriticalXid,
} from '@fleetscope/diagnostics';
import type { GpuDeviceUsage } from '@fleetscope/types';
import { printable } from './printable.ts';

/** The DCGM samples of one scrape file. */
export interface DcgmFile {
  file: string;
  samples: DcgmSample[];
}

export interface DcgmDeviceReport extends GpuDeviceUsage {
  /** BUSY, IDLE or UNKNOWN (no engine counter): engine activity against the busy threshold. */
  activity: GpuActivity;
  /** The critical/application reading of the last XID; null when none. */
  xidKind: 'CRITICAL' | 'APPLICATION' | null;
}

/** Every GPU the dcgm-exporter scrapes name, by UUID, and what could not be read. */
export interface DcgmReport {
  files: string[];
  devices: DcgmDeviceReport[];
  summary: {
    devices: number;
    busy: number;
    idle: number;
    unknown: number;
    withXid: number;
    rowRemapFailures: number;
  };
  /** Series that could not be placed on a device (or were odd), and why; capped. */
  problems: DcgmSeriesProblem[];
  moreProblems: number;
  skippedSeries: number;
  /** Label names not known as dcgm-exporter's or Prometheus' (reported, never interpreted). */
  unknownLabels: string[];
  /** DCGM counters present that this report does not read. */
  otherMetrics: string[];
}

/**
 * Folds dcgm-exporter scrapes (several files: nodes, or one node at several times) into one row per
 * GPU or MIG instance. A single scrape says what the last XID was, not when: with several scrapes
 * of one device, a change between them is dated by the file that first shows it.
 */
export function dcgmReport(files: readonly DcgmFile[], cluster: string): DcgmReport {
  const samples = files.flatMap((f) => f.samples);
  const xidHistory = samples
    .filter((s) => s.metric === DCGM.xid && Number.isFinite(s.value))
    .map((s) => ({ labels: s.labels, points: [{ t: s.timestampMs, v: s.value }] }));
  const fold = foldDcgmSamples({ cluster, samples, xidHistory });
  const devices = fold.devices.map((d) => ({
    ...d,
    activity: deviceActivity(d),
    xidKind:
      d.lastXid === null ? null : isCriticalXid(d.lastXid) ? ('CRITICAL' as const) : ('APPLICATION' as const),
  }));
  return {
    files: files.map((f) => f.file),
    devices,
    summary: {
      devices: devices.length,
      busy: devices.filter((d) => d.activity === 'BUSY').length,
      idle: devices.filter((d) => d.activity === 'IDLE').length,
      unknown: devices.filter((d) => d.activity === 'UNKNOWN').length,
      withXid: devices.filter((d) => d.lastXid !== null).length,
      rowRemapFailures: devices.filter((d) => d.rowRemapFailure === true).length,
    },
    problems: fold.problems,
    moreProblems: fold.moreProblems,
    skippedSeries: fold.skippedSeries,
    unknownLabels: fold.unknownLabels,
    otherMetrics: fold.otherMetrics,
  };
}

const GIB = 1024 ** 3;
/** Rows shown in the text report before "… and N more" (JSON has them all). */
const MAX_ROWS = 500;

function cell(v: number | null, digits: number, unit: string): string {
  return v === null ? '—' : `${v.toFixed(digits)}${unit}`;
}

export function formatDcgmText(report: DcgmReport): string[] {
  const s = report.summary;
  const lines = [
    `GPUs from DCGM-exporter — ${report.files.length} file(s), ${s.devices} device(s): ${s.busy} busy, ${s.idle} idle, ${s.unknown} activity unknown; ${s.withXid} with an XID, ${s.rowRemapFailures} row-remap failure(s)`,
  ];
  const header = [
    'NODE',
    'GPU',
    'UUID',
    'MODEL',
    'MIG',
    'ENGINE',
    'MEMORY USED/TOTAL',
    'POWER',
    'TEMP',
    'XID',
    'PODS',
  ];
  const rows = report.devices.slice(0, MAX_ROWS).map((d) => {
    const used = d.framebufferUsedBytes;
    const total = used === null || d.framebufferFreeBytes === null ? null : used + d.framebufferFreeBytes;
    const memory =
      used === null
        ? '—'
        : `${(used / GIB).toFixed(1)}/${total === null ? '—' : (total / GIB).toFixed(1)} GiB`;
    const engine =
      d.engineActive === null ? '—' : `${Math.round(d.engineActive * 100)}% ${d.activity.toLowerCase()}`;
    const xid =
      d.lastXid === null
        ? '—'
        : `${d.lastXid} ${d.xidKind === 'CRITICAL' ? 'critical' : 'app'}${d.xidChangedAt === null ? '' : ` at ${new Date(d.xidChangedAt).toISOString()}`}`;
    return [
      d.node,
      d.gpu,
      d.uuid === '' ? '—' : d.uuid,
      d.modelName ?? '—',
      d.migProfile === null ? '—' : `${d.migProfile}#${d.migInstance}`,
      engine,
      memory,
      cell(d.powerWatts, 0, ' W'),
      cell(d.temperatureC, 0, ' °C'),
      d.rowRemapFailure === true ? `${xid}; row-remap FAILED` : xid,
      d.pods.length === 0 ? '—' : d.pods.join(','),
    ].map(printable);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}`;
  lines.push(line(header), ...rows.map(line));
  if (report.devices.length > MAX_ROWS)
    lines.push(`  … and ${report.devices.length - MAX_ROWS} more (--format json lists all)`);
  if (report.skippedSeries > 0 || report.problems.length > 0) {
    lines.push(`  Series not placed or odd (${report.skippedSeries} not placed):`);
    for (const p of report.problems.slice(0, 10)) {
      lines.push(`    - ${printable(`${p.metric}${JSON.stringify(p.labels)}: ${p.problems.join('; ')}`)}`);
    }
    const more = report.problems.length - 10 + report.moreProblems;
    if (more > 0) lines.push(`    … and ${more} more`);
  }
  if (report.unknownLabels.length > 0)
    lines.push(`  Unknown labels (not read): ${printable(report.unknownLabels.join(', '))}`);
  if (report.otherMetrics.length > 0)
    lines.push(`  Other DCGM counters (not read): ${printable(report.otherMetrics.join(', '))}`);
  return lines;
}
