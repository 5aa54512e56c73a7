import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createFleet, type MetricsTarget, renderExposition } from '@fleetscope/fleet-sim';
import { describe, expect, it } from 'vitest';

/**
 * `fleetscope analyze --metrics` on partial and saturated snapshots: a component whose file was not
 * given is UNKNOWN (never NOT_APPLICABLE, which needs proof), and a webhook whose calls all time out
 * past the top finite bucket (v1.24: 2.5 s) reads "> 2.5 s (mean …)" and DOWN, never "p99 2.5 s".
 */

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/fleetscope.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'fleetscope-cli-partial-'));

interface PartJson {
  status: string;
  summary: string;
  evidence: { signal: string; value: string; window?: string }[];
}
interface ControlPlaneJson {
  status: string;
  impact: { statement: string };
  paths: Record<'read' | 'write' | 'admission' | 'watch', PartJson>;
  etcd: PartJson;
  scheduler: PartJson;
  controllers: PartJson;
  notes: string[];
}

async function analyze(format: 'json' | 'text', files: readonly string[]): Promise<string> {
  const args = [BIN, 'analyze', ...files.flatMap((f) => ['--metrics', f]), '--format', format];
  const { stdout, stderr } = await run(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 });
  expect(stderr).not.toMatch(/internal error/);
  return stdout;
}

async function analyzeJson(files: readonly string[]): Promise<ControlPlaneJson> {
  const report = JSON.parse(await analyze('json', files)) as { controlPlane?: ControlPlaneJson };
  if (report.controlPlane === undefined) throw new Error('no controlPlane section');
  return report.controlPlane;
}

/** One exposition file per scraped process of a simulated cluster, as `curl …/metrics > name` saves it. */
function scrape(scenario: string, targets: readonly [MetricsTarget, number, string][]): string[] {
  const fleet = createFleet({ seed: 7, size: 'small', controlPlane: { 'prod-eu-west': scenario } });
  const state = fleet.cluster('prod-eu-west').controlPlane;
  return targets.map(([target, member, name]) => {
    const families = state.evaluate(target, member);
    if (families === undefined) throw new Error(`${target} not scrapeable`);
    const path = join(dir, `${scenario}-${name}`);
    writeFileSync(path, renderExposition(families));
    return path;
  });
}

describe('fleetscope analyze --metrics with only some components given', () => {
  const files = scrape('healthy', [
    ['apiserver', 0, 'apiserver.prom'],
    ['etcd', 0, 'etcd.prom'],
  ]);

  it('calls the scheduler and controllers UNKNOWN "not among the files", never NOT_APPLICABLE', async () => {
    const cp = await analyzeJson(files);
    expect(cp.scheduler.status).toBe('UNKNOWN');
    expect(cp.scheduler.summary).toBe('no usable input: no scheduler metrics among the files');
    expect(cp.controllers.status).toBe('UNKNOWN');
    expect(cp.controllers.summary).toBe('no usable input: no controller-manager metrics among the files');
    // What was given is judged as before.
    expect(cp.etcd.status).toBe('HEALTHY');
    expect(cp.paths.read.status).toBe('HEALTHY');
    expect(cp.impact.statement).not.toMatch(/not observable/);
    expect(cp.impact.statement).toMatch(/unknown: scheduler, controllers/);
    expect(cp.notes.join(' ')).toMatch(/No scheduler, controller-manager metrics among the files: .*UNKNOWN/);
  });

  it('an API server file alone leaves etcd UNKNOWN too, with the API server’s view of its size', async () => {
    const cp = await analyzeJson(files.slice(0, 1));
    expect(cp.etcd.status).toBe('UNKNOWN');
    expect(cp.etcd.summary).toBe('no usable input: no etcd metrics among the files');
    expect(cp.etcd.evidence.some((e) => e.signal.startsWith('apiserver_storage_size_bytes'))).toBe(true);
  });

  it('prints the same in text form', async () => {
    const text = await analyze('text', files);
    expect(text).toMatch(/\n {4}Scheduler\s+UNKNOWN\s+no usable input: no scheduler metrics among the files/);
    expect(text).toMatch(/\n {4}Controllers\s+UNKNOWN\s+no usable input: no controller-manager metrics/);
    expect(text).not.toMatch(/NOT_APPLICABLE/);
  });
});

describe('fleetscope analyze --metrics on a webhook timing out past the top bucket (v1.24 layout)', () => {
  const files = scrape('admission-webhook-timeout', [['apiserver', 0, 'apiserver.prom']]);

  it('shows the saturated p99 as "> 2.5 s (mean …)" and judges every call failing as DOWN', async () => {
    const cp = await analyzeJson(files);
    const admission = cp.paths.admission;
    expect(admission.status).toBe('DOWN');
    expect(admission.summary).toMatch(/^webhook policy\.example\.com timing out \(100 % of calls failing/);
    const p99 = admission.evidence.find((e) =>
      e.signal.startsWith('admission_webhook_p99_seconds{name="policy.example.com"'),
    );
    expect(p99?.value).toBe('> 2.5 s (mean 10 s)');
    expect(p99?.window).toBe('since process start');
    const ratio = admission.evidence.find((e) =>
      e.signal.startsWith('admission_webhook_calling_error_ratio'),
    );
    expect(ratio?.value).toBe('100 %');
    // Nowhere is the top bucket shown as a measured latency.
    const everything = JSON.stringify(cp);
    expect(everything).not.toMatch(/p99 2\.5 s/);
    expect(everything).not.toMatch(/"value":"2\.5 s"/);
  });
});
