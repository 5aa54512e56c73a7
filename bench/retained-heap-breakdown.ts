import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { loadTemplates, nodeCountFor, podListPages } from './fixtures.ts';
import { ObjectStore, syncPages } from './ingest.ts';
import { heapUsedAfterGc } from './measure.ts';
import { podCountFromArgs, progress } from './result.ts';

/**
 * Where the retained heap of `retained-heap.bench.ts` goes (a diagnostic, not a benchmark: no
 * baseline, prints a breakdown and no BENCH_RESULT). Fills an ObjectStore with N projected pods,
 * writes a V8 heap snapshot and attributes its bytes two ways:
 *
 * - by node type and constructor (self sizes, every node of the heap);
 * - by the pod record's fields: everything reachable from a pod record through one field, each heap
 *   node counted once (the first field to reach it owns it: a string shared by many pods counts once,
 *   which is the point of sharing it), plus the index structures (Map/Set backing stores).
 *
 * `node --expose-gc bench/retained-heap-breakdown.ts --pods 30000`
 */

const pods = process.argv.includes('--pods') ? podCountFromArgs() : 30_000;
const nodes = nodeCountFor(pods);
const templates = loadTemplates();

const before = heapUsedAfterGc();
const store = new ObjectStore();
syncPages(store, 'Pod', podListPages(templates, pods, nodes));
const after = heapUsedAfterGc();
progress(`retained: ${((after - before) / pods).toFixed(0)} B/pod (${pods} pods, heapUsed after GC)`);

const file = join(tmpdir(), `retained-heap-${process.pid}.heapsnapshot`);
writeHeapSnapshot(file);
const snapshot = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
rmSync(file);
// Keep the store alive until the snapshot is written.
if (store.count('Pod') !== pods) throw new Error('store lost pods');

interface HeapSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[]];
      edge_fields: string[];
      edge_types: [string[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const { meta } = snapshot.snapshot;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSize = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const { nodes: N, edges: E, strings: S } = snapshot;
const nodeCount = N.length / NF;

const firstEdge = new Uint32Array(nodeCount + 1);
for (let i = 0, e = 0; i < nodeCount; i++) {
  firstEdge[i] = e;
  e += (N[i * NF + nEdges] as number) * EF;
  firstEdge[i + 1] = e;
}
const typeOf = (n: number): string => nodeTypes[N[n * NF + nType] as number] as string;
const nameOf = (n: number): string => S[N[n * NF + nName] as number] as string;
const sizeOf = (n: number): number => N[n * NF + nSize] as number;
function* edgesOf(n: number): Generator<{ type: string; name: string; to: number }> {
  for (let e = firstEdge[n] as number; e < (firstEdge[n + 1] as number); e += EF) {
    const type = edgeTypes[E[e + eType] as number] as string;
    const raw = E[e + eName] as number;
    const name = type === 'element' || type === 'hidden' ? String(raw) : (S[raw] as string);
    yield { type, name, to: (E[e + eTo] as number) / NF };
  }
}

// 1. By type and constructor.
const byCtor = new Map<string, { count: number; bytes: number }>();
for (let n = 0; n < nodeCount; n++) {
  const type = typeOf(n);
  const key =
    type === 'string' || type === 'concatenated string' || type === 'sliced string'
      ? type
      : `${type} ${nameOf(n)}`;
  const entry = byCtor.get(key) ?? { count: 0, bytes: 0 };
  entry.count += 1;
  entry.bytes += sizeOf(n);
  byCtor.set(key, entry);
}
const top = [...byCtor].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25);
console.log(`\nheap by type/constructor (self sizes), per pod, top 25 — ${pods} pods`);
for (const [key, { count, bytes }] of top) {
  console.log(
    `${(bytes / pods).toFixed(1).padStart(8)} B/pod  ${String(count).padStart(9)}×  ${key.slice(0, 90)}`,
  );
}

// 2. By pod-record field.
const podRecords: number[] = [];
for (let n = 0; n < nodeCount; n++) {
  if (typeOf(n) !== 'object') continue;
  let isPod = false;
  let hasUid = false;
  for (const edge of edgesOf(n)) {
    if (edge.type !== 'property') continue;
    if (edge.name === 'kind' && typeOf(edge.to) === 'string' && nameOf(edge.to) === 'Pod') isPod = true;
    if (edge.name === 'uid') hasUid = true;
  }
  if (isPod && hasUid) podRecords.push(n);
}
const seen = new Uint8Array(nodeCount);
const SKIP_EDGES = new Set(['map', '__proto__', 'constructor']);
/** Bytes reachable from `start` through owned edges, each node once across all calls. */
function claim(start: number, depth: number): number {
  if (seen[start]) return 0;
  const type = typeOf(start);
  // Hidden classes, code and shared system objects are not the record's.
  if (type === 'hidden' && nameOf(start).startsWith('system / Map')) return 0;
  if (type === 'code' || type === 'closure') return 0;
  seen[start] = 1;
  let bytes = sizeOf(start);
  if (depth === 0) return bytes;
  for (const edge of edgesOf(start)) {
    if (edge.type === 'weak' || edge.type === 'shortcut' || SKIP_EDGES.has(edge.name)) continue;
    bytes += claim(edge.to, depth - 1);
  }
  return bytes;
}
const byField = new Map<string, number>();
let recordSelf = 0;
for (const pod of podRecords) {
  recordSelf += sizeOf(pod);
  seen[pod] = 1;
}
for (const pod of podRecords) {
  for (const edge of edgesOf(pod)) {
    if (edge.type === 'weak' || edge.type === 'shortcut' || SKIP_EDGES.has(edge.name)) continue;
    const field = edge.type === 'property' ? edge.name : `(${edge.type} ${edge.name})`;
    byField.set(field, (byField.get(field) ?? 0) + claim(edge.to, 6));
  }
}
console.log(`\npod records found: ${podRecords.length}; bytes owned through each field, per pod`);
console.log(`${(recordSelf / pods).toFixed(1).padStart(8)} B/pod  (the record objects themselves)`);
for (const [field, bytes] of [...byField].sort((a, b) => b[1] - a[1])) {
  if (bytes / pods < 0.5) continue;
  console.log(`${(bytes / pods).toFixed(1).padStart(8)} B/pod  ${field}`);
}

// 3. Map/Set backing stores (the store's maps and indexes).
let tables = 0;
for (let n = 0; n < nodeCount; n++) {
  if (seen[n]) continue;
  const name = nameOf(n);
  if (typeOf(n) === 'array' && /Ordered(Hash|Name)/.test(name)) tables += sizeOf(n);
}
console.log(`${(tables / pods).toFixed(1).padStart(8)} B/pod  Map/Set hash tables (all, not claimed above)`);
const claimed = recordSelf + [...byField.values()].reduce((a, b) => a + b, 0);
console.log(`${(claimed / pods).toFixed(1).padStart(8)} B/pod  total claimed by pod records`);
