import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * History for a real Prometheus without waiting for it: samples written as OpenMetrics and turned
 * into TSDB blocks by promtool (Debian's prometheus package ships it next to prometheus), before
 * Prometheus starts on that folder. Missing promtool FAILS the test, like a missing prometheus.
 */

export interface BackfillSeries {
  metric: string;
  labels: Record<string, string>;
  /** [epoch ms, value], in time order. */
  samples: Array<[number, number]>;
}

export function openMetrics(series: readonly BackfillSeries[]): string {
  const byMetric = new Map<string, BackfillSeries[]>();
  for (const s of series) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
  const lines: string[] = [];
  for (const [metric, members] of byMetric) {
    lines.push(`# TYPE ${metric} gauge`);
    for (const s of members) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
        .join(',');
      for (const [t, v] of s.samples) lines.push(`${metric}{${labels}} ${v} ${(t / 1000).toFixed(3)}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Writes `series` as blocks into `dataDir` with promtool. */
export async function backfill(dataDir: string, series: readonly BackfillSeries[]): Promise<void> {
  const promtool = findPromtool();
  const dir = await mkdtemp(join(tmpdir(), 'fleetscope-backfill-'));
  try {
    const file = join(dir, 'history.om');
    await writeFile(file, openMetrics(series));
    await promisify(execFile)(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, dataDir],
      {
        maxBuffer: 16 * 1024 * 1024,
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function findPromtool(): string {
  for (const candidate of [process.env.PROMTOOL_BIN, '/usr/bin/promtool'].filter((c): c is string => !!c)) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // next
    }
  }
  throw new Error('promtool not found (/usr/bin/promtool); install it: sudo apt-get install -y prometheus');
}
