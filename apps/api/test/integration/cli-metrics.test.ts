import { join } from 'node:path';
import {
  createFleet,
  type MetricsTarget,
  renderExposition,
  type SimServer,
  startFleetServers,
} from '@fleetscope/fleet-sim';
import type { SignalSet } from '@fleetscope/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeSignalSets } from '../../src/cli/merge-signals.ts';
import { fleetscope, inputFolder } from '../support/cli.ts';

const { dir, file } = inputFolder('fleetscope-cli-metrics-');

/** `fleetscope analyze … --format json`, parsed; fails the test on a non-zero exit. */
async function analyzeJson(...args: string[]): Promise<{ report: Report; stderr: string }> {
  const { code, stdout, stderr } = await fleetscope('analyze', ...args, '--format', 'json');
  expect(stderr).not.toMatch(/internal error/);
  expect(code).toBe(0);
  return { report: JSON.parse(stdout) as Report, stderr };
}

interface PartJson {
  status: string;
  summary: string;
  evidence: { signal: string; value: string; window?: string }[];
  notJudged: string[];
}

interface Report {
  files: string[];
  rejected: string[];
  cluster?: { name: string; nodes: { total: number }; controlPlane: { status: string } };
  controlPlane?: {
    cluster: string;
    status: string;
    summary: string;
    impact: { operationsPath: boolean; userPath: boolean; statement: string };
    paths: Record<'read' | 'write' | 'admission' | 'watch', PartJson>;
    etcd: PartJson;
    scheduler: PartJson;
    controllers: PartJson;
    needsRates: { signal: string; part: string; status: string; needs: string }[];
    needsRatesHint: string;
    files: { file: string; samples: number; rejectedLines: number; components: string[] }[];
    notes: string[];
  };
}

const LOST = 'prod-us-east';
const HEALTHY = 'prod-eu-west';
const fleet = createFleet({ seed: 5, size: 'small', controlPlane: { [LOST]: 'etcd-lost-quorum' } });
let close: () => Promise<void> = async () => {};
let east: SimServer;

/** What a user gets from `curl -fsS <server>/sim/metrics/<path> > <name>`. */
async function curl(server: SimServer, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${server.url}/sim/metrics/${path}`);
  return { status: res.status, body: await res.text() };
}

/** The healthy cluster's expositions, rendered in-process: one file per scraped process. */
function healthyFiles(): Record<string, string> {
  const state = fleet.cluster(HEALTHY).controlPlane;
  const render = (target: MetricsTarget, member = 0): string => {
    const families = state.evaluate(target, member);
    if (families === undefined) throw new Error(`${target} ${member} not scrapeable`);
    return renderExposition(families);
  };
  return {
    'apiserver.prom': render('apiserver'),
    'etcd-0.prom': render('etcd', 0),
    'etcd-1.prom': render('etcd', 1),
    'etcd-2.prom': render('etcd', 2),
    'scheduler.prom': render('scheduler'),
    'controller-manager.prom': render('controller-manager'),
  };
}

const lostQuorum: string[] = [];
const healthy: string[] = [];
let dump = '';

beforeAll(async () => {
  const servers = await startFleetServers(fleet);
  close = servers.close;
  east = servers.server(LOST);
  // The postmortem path: curl each component's /metrics into a file. Without quorum, etcd-1 and
  // etcd-2 do not answer, so the user only has etcd-0's file.
  for (const [path, name] of [
    ['apiserver', 'east-apiserver.prom'],
    ['etcd/etcd-0', 'east-etcd-0.prom'],
    ['scheduler', 'east-scheduler.prom'],
    ['controller-manager', 'east-controller-manager.prom'],
  ] as const) {
    const { status, body } = await curl(east, path);
    expect(status).toBe(200);
    lostQuorum.push(file(name, body));
  }
  // A NodeList as the API returns it (what `kubectl get --raw /api/v1/nodes` saves).
  dump = file('east-nodes.json', await (await fetch(`${east.url}/api/v1/nodes`)).text());
  for (const [name, text] of Object.entries(healthyFiles())) healthy.push(file(name, text));
});
afterAll(() => close());

const metricsArgs = (files: readonly string[]): string[] => files.flatMap((f) => ['--metrics', f]);

describe('fleetscope analyze --metrics', () => {
  it('the down etcd members do not answer their scrape (so only etcd-0 is saved)', async () => {
    expect((await curl(east, 'etcd/etcd-1')).status).toBe(503);
    expect((await curl(east, 'etcd/etcd-2')).status).toBe(503);
  });

  it('judges a lost-quorum snapshot: etcd DOWN from the has_leader gauge, and the impact names writes', async () => {
    const { report } = await analyzeJson(...metricsArgs(lostQuorum), '--cluster', LOST);
    const cp = report.controlPlane;
    expect(cp).toBeDefined();
    if (cp === undefined) return;
    expect(cp.cluster).toBe(LOST);
    expect(cp.etcd.status).toBe('DOWN');
    expect(cp.etcd.summary).toMatch(/no leader/);
    expect(cp.etcd.evidence).toContainEqual(
      expect.objectContaining({ signal: 'etcd_has_leader', value: '0/1 members see a leader' }),
    );
    expect(cp.paths.write.status).toBe('DOWN');
    expect(cp.status).toBe('DOWN');
    expect(cp.impact).toMatchObject({ operationsPath: true, userPath: false });
    expect(cp.impact.statement).toMatch(/^Writes DOWN: etcd has no leader/);
    expect(cp.impact.statement).toMatch(/existing pods keep serving/);
    expect(cp.files.map((f) => f.components)).toEqual([
      ['apiserver'],
      ['etcd'],
      ['scheduler'],
      ['controller-manager'],
    ]);
    expect(report.rejected).toEqual([]);
    expect(report.cluster).toBeUndefined();
  });

  it('prints the lost-quorum verdict as text, with the needs-rates section', async () => {
    const { code, stdout } = await fleetscope('analyze', ...metricsArgs(lostQuorum), '--cluster', LOST);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Control plane of prod-us-east — from 4 metrics file\(s\)/);
    expect(stdout).toMatch(/Overall\s+DOWN\s+/);
    expect(stdout).toMatch(/Impact\s+operations path impaired, user path not impaired/);
    expect(stdout).toMatch(/Writes DOWN: etcd has no leader/);
    expect(stdout).toMatch(/\n {4}Write\s+DOWN\s+etcd has no leader/);
    expect(stdout).toMatch(/\n {4}etcd\s+DOWN\s+etcd has no leader/);
    expect(stdout).toContain('Needs rates over time (not judged from one snapshot)');
    expect(stdout).toMatch(/UNKNOWN\s+etcd_leader_changes_15m\s+etcd\s+/);
    expect(stdout).toContain('--prometheus-url for live rates');
    expect(stdout).toContain('since process start');
  });

  it('judges a healthy snapshot from gauges and lifetime histograms; rate inputs stay UNKNOWN', async () => {
    const { report } = await analyzeJson(...metricsArgs(healthy), '--cluster', HEALTHY);
    const cp = report.controlPlane;
    if (cp === undefined) throw new Error('no controlPlane section');
    const parts = { ...cp.paths, etcd: cp.etcd, scheduler: cp.scheduler, controllers: cp.controllers };
    for (const [name, part] of Object.entries(parts)) {
      expect({ name, status: part.status }).toEqual({ name, status: 'HEALTHY' });
    }
    expect(cp.status).toBe('HEALTHY');
    expect(cp.impact).toEqual({
      operationsPath: false,
      userPath: false,
      statement: 'No impact seen: control-plane paths within bounds.',
    });
    // Three member files are three members, each with a leader (not one summed gauge of 3).
    expect(cp.etcd.evidence).toContainEqual(
      expect.objectContaining({ signal: 'etcd_has_leader', value: '3/3 members see a leader' }),
    );
    expect(cp.etcd.evidence).toContainEqual(
      expect.objectContaining({ signal: 'target_up', value: '3/3 members up' }),
    );
    const fsync = cp.etcd.evidence.find((e) => e.signal.startsWith('etcd_wal_fsync_p99_seconds'));
    expect(fsync?.window).toBe('since process start');

    // Every rate-based input is listed, UNKNOWN, under the part it feeds; none is judged.
    const needs = Object.fromEntries(cp.needsRates.map((n) => [n.signal, n]));
    const expected: [string, string][] = [
      ['read_error_ratio', 'read'],
      ['read_requests_per_second', 'read'],
      ['apf_rejected_per_second', 'read'],
      ['request_terminations_ratio', 'read'],
      ['write_error_ratio', 'write'],
      ['write_requests_per_second', 'write'],
      ['admission_webhook_rejections_per_second', 'admission'],
      ['admission_webhook_fail_open_per_second', 'admission'],
      ['watch_terminated_watchers_per_second', 'watch'],
      ['etcd_leader_changes_15m', 'etcd'],
      ['etcd_proposals_failed_per_second', 'etcd'],
      ['scheduler_attempts_per_second', 'scheduler'],
      ['workqueue_depth_growth_per_second', 'controllers'],
    ];
    for (const [signal, part] of expected) {
      expect(needs[signal]).toMatchObject({ signal, part, status: 'UNKNOWN' });
      expect(needs[signal]?.needs).not.toBe('');
      expect(parts[part as keyof typeof parts].notJudged).toContain(signal);
      // Not judged means no evidence claims a value for it.
      expect(parts[part as keyof typeof parts].evidence.map((e) => e.signal)).not.toContain(signal);
    }
    expect(cp.needsRates).toHaveLength(expected.length);
    expect(cp.needsRatesHint).toMatch(/--prometheus-url/);
    expect(cp.notes.join(' ')).toMatch(/since process start/);
  });

  it('does not call a part HEALTHY when only rate-based inputs (counters) are present: UNKNOWN', async () => {
    const counters = file(
      'counters-only.prom',
      [
        '# HELP apiserver_request_total Counter of apiserver requests.',
        '# TYPE apiserver_request_total counter',
        'apiserver_request_total{code="200",resource="pods",scope="resource",verb="GET"} 1234',
        'apiserver_request_total{code="201",resource="pods",scope="resource",verb="POST"} 56',
        '# TYPE apiserver_terminated_watchers_total counter',
        'apiserver_terminated_watchers_total{resource="pods"} 3',
        '',
      ].join('\n'),
    );
    const { report } = await analyzeJson('--metrics', counters);
    const cp = report.controlPlane;
    if (cp === undefined) throw new Error('no controlPlane section');
    for (const path of ['read', 'write', 'watch'] as const) {
      expect({ path, status: cp.paths[path].status }).toEqual({ path, status: 'UNKNOWN' });
    }
    expect(cp.paths.read.summary).toMatch(/read_error_ratio needs rates/);
    expect(cp.status).toBe('UNKNOWN');
    expect(cp.needsRates.map((n) => n.signal)).toEqual(
      expect.arrayContaining([
        'read_error_ratio',
        'write_error_ratio',
        'watch_terminated_watchers_per_second',
      ]),
    );
    expect(cp.notes.join(' ')).toMatch(/No etcd, scheduler, controller-manager metrics among the files/);
  });

  it('reports malformed lines by file and line number, uses the rest, exits 0', async () => {
    const lines = (healthyFiles()['apiserver.prom'] ?? '').split('\n');
    const sampleLines = lines.flatMap((l, i) => (l !== '' && !l.startsWith('#') ? [i + 1] : []));
    const [a, b, c] = [sampleLines[3], sampleLines[20], sampleLines[100]] as [number, number, number];
    lines[a - 1] = 'apiserver_request_total{code="200",verb="GET"}';
    lines[b - 1] = 'apiserver_request_total{code="200" 12';
    lines[c - 1] = '!!! not a sample';
    const path = file('apiserver-damaged.prom', lines.join('\n'));
    const others = healthy.filter((f) => !f.endsWith('/apiserver.prom'));

    const { report, stderr } = await analyzeJson(...metricsArgs([path, ...others]));
    expect(report.rejected).toHaveLength(3);
    expect(report.rejected[0]).toBe(`${path}:${a}: missing value for apiserver_request_total`);
    expect(report.rejected[1]).toMatch(
      new RegExp(`^${literal(path)}:${b}: expected "," or "}" after label code`),
    );
    expect(report.rejected[2]).toMatch(new RegExp(`^${literal(path)}:${c}: expected a metric name`));
    for (const line of [a, b, c]) expect(stderr).toContain(`${path}:${line}: `);
    const info = report.controlPlane?.files[0];
    expect(info).toMatchObject({ file: path, rejectedLines: 3, components: ['apiserver'] });
    expect(info?.samples).toBe(sampleLines.length - 3);
    // The rest of the file is still used.
    expect(report.controlPlane?.paths.read.status).toBe('HEALTHY');
    expect(report.controlPlane?.paths.write.status).toBe('HEALTHY');

    const text = await fleetscope('analyze', ...metricsArgs([path, ...others]));
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Rejected 3 malformed exposition line(s):');
    expect(text.stdout).toContain(`- ${path}:${a}: missing value`);
  });

  it.each([
    { name: 'empty', content: '', message: /no Prometheus sample found \(the file is empty\)/ },
    {
      name: 'garbage',
      content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x0a, 0xff, 0xfe, 0x0a]),
      message: /no Prometheus sample found \(2 malformed line\(s\), the first: line 1: /,
    },
    {
      name: 'comments only',
      content: '# HELP up whether\n# TYPE up gauge\n',
      message: /no Prometheus sample found \(only comments\)/,
    },
    {
      name: 'a kubectl dump',
      content: '{"kind": "List", "items": []}',
      message: /this looks like JSON: pass kubectl dumps without --metrics/,
    },
  ])(
    'rejects a metrics file that is $name with exit code 2, naming the file',
    async ({ name, content, message }) => {
      const path = file(`${name.replace(/ /g, '-')}.prom`, content);
      const { code, stdout, stderr } = await fleetscope(
        'analyze',
        '--metrics',
        path,
        ...metricsArgs(healthy),
      );
      expect(code).toBe(2);
      expect(stderr).toContain(`fleetscope analyze: ${path}: `);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a binary file's bytes must not reach the terminal
      expect(stderr).not.toMatch(/[\u0000-\u0008\u007f]/);
      expect(stdout).toBe('');
    },
  );

  it('names a missing metrics file with exit code 2', async () => {
    const missing = join(dir, 'nope.prom');
    const { code, stderr, stdout } = await fleetscope('analyze', '--metrics', missing);
    expect(code).toBe(2);
    expect(stderr).toBe(`fleetscope analyze: ${missing}: cannot read file (ENOENT)\n`);
    expect(stdout).toBe('');
  });

  it('with dumps too, prints the cluster summary and the control-plane section', async () => {
    const { report } = await analyzeJson(dump, ...metricsArgs(lostQuorum), '--cluster', LOST);
    expect(report.files).toEqual([dump]);
    expect(report.cluster?.name).toBe(LOST);
    expect(report.cluster?.nodes.total).toBe(fleet.groundTruth(LOST).nodes.total);
    // The summary's control-plane verdict now comes from the metrics, not "offline snapshot".
    expect(report.cluster?.controlPlane.status).toBe('DOWN');
    expect(report.controlPlane?.etcd.status).toBe('DOWN');

    const { code, stdout } = await fleetscope('analyze', dump, ...metricsArgs(lostQuorum), '--cluster', LOST);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Cluster prod-us-east — offline analysis of 1 file\(s\)/);
    expect(stdout).toMatch(/\n {2}Nodes\s+\d+\/\d+ Ready/);
    expect(stdout).toMatch(/\n\nControl plane of prod-us-east — from 4 metrics file\(s\)/);
  });

  it('explains --metrics usage errors with exit code 1', async () => {
    const missingValue = await fleetscope('analyze', '--metrics');
    expect(missingValue.code).toBe(1);
    expect(missingValue.stderr).toMatch(/--metrics needs a value/);
    const help = await fleetscope('analyze', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--metrics <file>/);
    expect(help.stdout).toMatch(/since process start/);
  });

  it('accepts --metrics=FILE', async () => {
    const { report } = await analyzeJson(`--metrics=${lostQuorum[1]}`);
    expect(report.controlPlane?.etcd.status).toBe('DOWN');
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('mergeSignalSets', () => {
  const member = (value: number, extra: Record<string, string> = {}): SignalSet => ({
    cluster: '',
    signals: {
      etcd_has_leader: {
        name: 'etcd_has_leader',
        samples: [{ labels: { ...extra }, value }],
        window: '',
        source: 'file',
        observedAt: 1,
        error: null,
      },
    },
    observable: { etcd: true, scheduler: false, controllers: false },
  });

  it.each([
    {
      name: 'one file keeps its samples unlabelled',
      parts: [{ instance: 'etcd-0.prom', set: member(0) }],
      samples: [{ labels: {}, value: 0 }],
    },
    {
      name: 'several files keep every series, labelled by instance',
      parts: [
        { instance: 'etcd-0.prom', set: member(1) },
        { instance: 'etcd-1.prom', set: member(1) },
        { instance: 'etcd-2.prom', set: member(0) },
      ],
      samples: [
        { labels: { instance: 'etcd-0.prom' }, value: 1 },
        { labels: { instance: 'etcd-1.prom' }, value: 1 },
        { labels: { instance: 'etcd-2.prom' }, value: 0 },
      ],
    },
    {
      name: 'an instance label already exposed is kept',
      parts: [
        { instance: 'a.prom', set: member(1, { instance: 'etcd-a' }) },
        { instance: 'b.prom', set: member(1) },
      ],
      samples: [
        { labels: { instance: 'etcd-a' }, value: 1 },
        { labels: { instance: 'b.prom' }, value: 1 },
      ],
    },
  ])('$name', ({ parts, samples }) => {
    const merged = mergeSignalSets('c', parts);
    expect(merged.cluster).toBe('c');
    expect(merged.signals.etcd_has_leader?.samples).toEqual(samples);
    expect(merged.signals.etcd_has_leader?.error).toBeNull();
    expect(merged.observable).toEqual({ etcd: true, scheduler: false, controllers: false });
  });

  it('drops a file whose copy of a signal erred and keeps the others', () => {
    const bad = member(1);
    const signal = bad.signals.etcd_has_leader;
    if (signal !== undefined)
      bad.signals.etcd_has_leader = { ...signal, samples: [], error: 'no finite value' };
    const merged = mergeSignalSets('c', [
      { instance: 'x.prom', set: bad },
      { instance: 'y.prom', set: member(1) },
    ]);
    expect(merged.signals.etcd_has_leader).toMatchObject({
      samples: [{ labels: { instance: 'y.prom' }, value: 1 }],
      error: null,
    });
    const allBad = mergeSignalSets('c', [
      { instance: 'x.prom', set: bad },
      { instance: 'z.prom', set: bad },
    ]);
    expect(allBad.signals.etcd_has_leader?.error).toBe('x.prom: no finite value; z.prom: no finite value');
  });
});
