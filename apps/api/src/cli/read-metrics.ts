import { readFile, stat } from 'node:fs/promises';
import {
  type DcgmSample,
  dcgmSamplesFromFamilies,
  type ExpositionSignals,
  parseExposition,
  signalsFromExposition,
} from '@fleetscope/diagnostics';
import { printable } from './printable.ts';
import { DumpError } from './read-dump.ts';

/** What one metrics file held, for the report. */
export interface MetricsFileInfo {
  file: string;
  /** Lines read, blank and comment lines included. */
  lines: number;
  families: number;
  samples: number;
  /** Malformed lines skipped (each listed in the report's `rejected`). */
  rejectedLines: number;
  /** Components recognised by their metrics: apiserver, etcd, scheduler, controller-manager. */
  components: string[];
  /** ISO time the file was last written (roughly when it was scraped). */
  modifiedAt: string | null;
}

export interface MetricsFile {
  info: MetricsFileInfo;
  /** Epoch ms of the last write, or null when unknown. */
  modifiedMs: number | null;
  signals: ExpositionSignals;
  /** Malformed lines as "FILE:LINE: message". */
  rejected: string[];
  /** dcgm-exporter samples (DCGM_* families), timed at the file's last write when they carry no timestamp. */
  dcgm: DcgmSample[];
  /** Every family is DCGM_*: a dcgm-exporter scrape, not a control-plane component's. */
  dcgmOnly: boolean;
}

const EXPECTED =
  'expected the text of curl …/metrics from kube-apiserver, etcd, kube-scheduler, kube-controller-manager or dcgm-exporter';

/**
 * Reads one Prometheus text exposition file (as `curl https://…/metrics` writes it) and turns it
 * into named signals: gauges as they are, histograms as lifetime distributions. Malformed lines
 * are listed and skipped; a file that cannot be read or holds no sample at all is a DumpError
 * (the run stops with exit code 2).
 */
export async function readMetricsFile(path: string, cluster: string, now: number): Promise<MetricsFile> {
  let text: string;
  let modifiedMs: number | null = null;
  try {
    text = await readFile(path, 'utf8');
    modifiedMs = (await stat(path)).mtimeMs;
  } catch (error) {
    throw new DumpError(
      `${path}: cannot read file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const parsed = parseExposition(text);
  const samples = parsed.families.reduce((n, f) => n + f.samples.length, 0);
  if (samples === 0) {
    const first = parsed.errors[0];
    const why =
      first !== undefined
        ? `${parsed.errors.length} malformed line(s), the first: line ${first.line}: ${first.message}`
        : text.trim() === ''
          ? 'the file is empty'
          : 'only comments';
    const json = /^\s*[[{]/.test(text) ? ' (this looks like JSON: pass kubectl dumps without --metrics)' : '';
    throw new DumpError(`${path}: no Prometheus sample found (${printable(why)}); ${EXPECTED}${json}`);
  }
  const signals = signalsFromExposition(parsed.families, path, now, cluster);
  const components = (signals.signals.signals.target_up?.samples ?? [])
    .map((s) => s.labels.job)
    .filter((job): job is string => job !== undefined);
  return {
    info: {
      file: path,
      lines: parsed.lines,
      families: parsed.families.length,
      samples,
      rejectedLines: parsed.errors.length,
      components,
      modifiedAt: modifiedMs === null ? null : new Date(modifiedMs).toISOString(),
    },
    modifiedMs,
    signals,
    rejected: parsed.errors.map((e) => `${path}:${e.line}: ${printable(e.message)}`),
    dcgm: dcgmSamplesFromFamilies(parsed.families, modifiedMs ?? now),
    dcgmOnly: parsed.families.every((f) => f.name.startsWith('DCGM_')),
  };
}
