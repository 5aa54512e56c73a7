/**
 * Wall subscribers for walls.bench.ts, in their own process (never the API's): `count` websockets, each a
 * graphql-ws client subscribed to the web app's FleetChanged and to findingsChanged, or (raw mode) a plain
 * `ws` client of the baseline broadcast server. Prints `SUBSCRIBED {json}` once every subscriber has had
 * its first message, then on the stdin command `report FROM TO` (epoch ms) reads the simulator's churn steps and prints
 * `SUBSCRIBERS {json}`: how long each change took to reach each subscriber.
 *
 *   node bench/serve/ws-subscribers.ts '<json SubscriberPlan>'
 *
 * Times are epoch ms (Date.now) on both sides: the simulator stamps each step when it stores it, a
 * subscriber when its message is parsed; same machine, same clock.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';

export interface SubscriberPlan {
  url: string;
  count: number;
  mode: 'graphql' | 'raw';
  /** graphql: the FleetChanged document, the findingsChanged document, the big cluster and its pod count before the churn. */
  fleetQuery?: string;
  findingsQuery?: string;
  bigCluster?: string;
  basePods?: number;
  /** graphql: the simulator's step log (JSON lines {seq, at, notReady, recovered}). */
  stepsFile?: string;
}

export interface LatencySummary {
  samples: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SubscribersReport {
  subscribers: number;
  connectMs: number;
  /** Messages per stream and mean bytes of one. */
  messages: Record<string, number>;
  meanBytes: Record<string, number>;
  /** graphql: churn step → first message reflecting it, per subscriber. raw: broadcast → receipt. */
  fleetLatency: LatencySummary;
  /** graphql: a pod turning not Ready → its finding opened, per subscriber. */
  findingLatency: LatencySummary | null;
  /** Steps (graphql) never reflected at some subscriber by the time of the report. */
  undelivered: number;
  versions: number;
  errors: number;
  /** Streams that had their first message (2 per graphql subscriber, 1 per raw one). */
  streams: number;
}

interface FleetMessage {
  fleetChanged: { version: number; clusters: { name: string; pods: { total: number } | null }[] };
}
interface FindingsMessage {
  findingsChanged: {
    version: number;
    opened: { id: string; rule: string; subjects: { namespace: string | null; name: string }[] }[];
  };
}

const plan = JSON.parse(process.argv[2] ?? '{}') as SubscriberPlan;
const started = Date.now();
/** Per subscriber: receipt times and the churn step each fleet message reflects. */
const fleetSeen: { at: number[]; seq: number[] }[] = [];
/** Per subscriber: receipt time of each pod's not-Ready finding ("namespace/name" → times). */
const opened: Map<string, number[]>[] = [];
const messages: Record<string, number> = { fleet: 0, findings: 0 };
const bytes: Record<string, number> = { fleet: 0, findings: 0 };
/** Messages whose bytes were counted (subscriber 0's, or every raw one). */
const sized: Record<string, number> = { fleet: 0, findings: 0 };
const versions = new Set<number>();
let errors = 0;
let firsts = 0;
const rawLatencies: { at: number; ms: number }[] = [];

const expected = plan.mode === 'graphql' ? plan.count * 2 : plan.count;
let announced = false;

/** Announces `SUBSCRIBED` once every stream has had its first message (or, see below, most have). */
function announce(): void {
  if (announced) return;
  announced = true;
  process.stdout.write(
    `SUBSCRIBED ${JSON.stringify({ connectMs: Date.now() - started, streams: firsts, expected })}\n`,
  );
}

function firstMessage(): void {
  firsts++;
  if (firsts === expected) announce();
}
// On a starved machine a few sockets may take long to (re)connect: go on after 90 s with what is there.
setTimeout(announce, 90_000).unref();

function startGraphql(i: number): void {
  const mine = { at: [] as number[], seq: [] as number[] };
  fleetSeen.push(mine);
  const findings = new Map<string, number[]>();
  opened.push(findings);
  const client = createClient({
    url: `${plan.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    // A wall reconnects: a socket the server closed (e.g. no connection_init within its 3 s on a starved
    // machine) comes back after a second or two.
    retryAttempts: 20,
    retryWait: () => new Promise((r) => setTimeout(r, 1_000 + Math.random() * 1_000)),
    shouldRetry: () => true,
    lazy: false,
    onNonLazyError: () => {
      errors++;
    },
  });
  let fleetFirst = true;
  let findingsFirst = true;
  client.subscribe<FleetMessage>(
    { query: plan.fleetQuery ?? '' },
    {
      next: (m) => {
        const at = Date.now();
        messages.fleet = (messages.fleet ?? 0) + 1;
        // Sizes from one subscriber: they all get the same payloads.
        if (i === 0) {
          sized.fleet = (sized.fleet ?? 0) + 1;
          bytes.fleet = (bytes.fleet ?? 0) + JSON.stringify(m).length;
        }
        const fleet = m.data?.fleetChanged;
        if (!fleet) {
          errors++;
          return;
        }
        versions.add(fleet.version);
        const total = fleet.clusters.find((c) => c.name === plan.bigCluster)?.pods?.total ?? 0;
        mine.at.push(at);
        mine.seq.push(total - (plan.basePods ?? 0));
        if (fleetFirst) {
          fleetFirst = false;
          firstMessage();
        }
      },
      error: () => {
        errors++;
      },
      complete: () => {},
    },
  );
  client.subscribe<FindingsMessage>(
    { query: plan.findingsQuery ?? '' },
    {
      next: (m) => {
        const at = Date.now();
        messages.findings = (messages.findings ?? 0) + 1;
        if (i === 0) {
          sized.findings = (sized.findings ?? 0) + 1;
          bytes.findings = (bytes.findings ?? 0) + JSON.stringify(m).length;
        }
        for (const f of m.data?.findingsChanged.opened ?? []) {
          if (f.rule !== 'pod.not-ready') continue;
          for (const s of f.subjects) {
            const key = `${s.namespace}/${s.name}`;
            findings.set(key, [...(findings.get(key) ?? []), at]);
          }
        }
        if (findingsFirst) {
          findingsFirst = false;
          firstMessage();
        }
      },
      error: () => {
        errors++;
      },
      complete: () => {},
    },
  );
}

function startRaw(): void {
  const socket = new WebSocket(plan.url);
  let first = true;
  socket.on('message', (data: Buffer) => {
    const at = Date.now();
    const message = JSON.parse(data.toString()) as { sentAt: number };
    messages.fleet = (messages.fleet ?? 0) + 1;
    sized.fleet = (sized.fleet ?? 0) + 1;
    bytes.fleet = (bytes.fleet ?? 0) + data.length;
    if (first) {
      first = false;
      firstMessage();
      return;
    }
    rawLatencies.push({ at: message.sentAt, ms: at - message.sentAt });
  });
  socket.on('error', () => {
    errors++;
  });
}

function summary(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number =>
    sorted.length === 0
      ? Number.NaN
      : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);
  return { samples: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

interface Step {
  seq: number;
  at: number;
  notReady: string[];
}

/** Latencies of the steps stored within [fromMs, toMs] (the measurement window), epoch ms. */
function report(fromMs: number, toMs: number): SubscribersReport {
  const meanBytes = Object.fromEntries(
    Object.entries(bytes).map(([k, v]) => [k, (sized[k] ?? 0) === 0 ? 0 : v / (sized[k] ?? 1)]),
  );
  const base = {
    subscribers: plan.count,
    connectMs: 0,
    messages,
    meanBytes,
    versions: versions.size,
    errors,
    streams: firsts,
  };
  if (plan.mode === 'raw')
    return {
      ...base,
      fleetLatency: summary(rawLatencies.filter((l) => l.at >= fromMs && l.at <= toMs).map((l) => l.ms)),
      findingLatency: null,
      undelivered: 0,
    };
  const steps = readFileSync(plan.stepsFile ?? '', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Step)
    .filter((step) => step.at >= fromMs && step.at <= toMs);
  const fleetLatencies: number[] = [];
  let undelivered = 0;
  for (const seen of fleetSeen) {
    // Steps that happened after this subscriber's first message: each is reflected by the first later
    // message whose pod count includes its marker.
    const from = seen.at[0] ?? Number.POSITIVE_INFINITY;
    let m = 0;
    for (const step of steps) {
      if (step.at <= from) continue;
      while (m < seen.seq.length && (seen.seq[m] as number) < step.seq) m++;
      if (m === seen.seq.length) {
        undelivered++;
        continue;
      }
      fleetLatencies.push((seen.at[m] as number) - step.at);
    }
  }
  // A pod turning not Ready → the first opening of its finding after that, per subscriber.
  const findingLatencies: number[] = [];
  for (const findings of opened) {
    for (const step of steps) {
      for (const pod of step.notReady) {
        const times = findings.get(pod);
        const after = times?.find((t) => t >= step.at);
        if (after !== undefined) findingLatencies.push(after - step.at);
      }
    }
  }
  return {
    ...base,
    fleetLatency: summary(fleetLatencies),
    findingLatency: summary(findingLatencies),
    undelivered,
  };
}

for (let i = 0; i < plan.count; i++) {
  if (plan.mode === 'graphql') startGraphql(i);
  else startRaw();
  // Do not open a thousand sockets at once: 50 every 200 ms.
  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 200));
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, from, to] = line.trim().split(/\s+/);
  if (command === 'report') {
    process.stdout.write(`SUBSCRIBERS ${JSON.stringify(report(Number(from), Number(to)))}\n`);
  }
});
process.stdin.on('end', () => process.exit(0));
