import type { Clock } from './clock.ts';
import { ManualClock } from './clock.ts';
import type { ControlPlaneSpec } from './control-plane/spec.ts';
import { attachDcgm } from './dcgm/state.ts';
import { type GenerationReport, generateCluster } from './generate/cluster.ts';
import { servesGpuOperator } from './generate/gpu-operator.ts';
import { computeGroundTruth, type GroundTruth } from './ground-truth.ts';
import { tickCluster } from './liveliness.ts';
import { SimCluster } from './model/cluster.ts';
import { ObjectStore } from './model/store.ts';
import { Random } from './random.ts';
import { controlPlaneScenarioByName } from './scenarios/control-plane/index.ts';
import { scenarioByName } from './scenarios/index.ts';
import type { FleetSize, ScenarioSpec } from './scenarios/spec.ts';

export interface CreateFleetOptions {
  /** PRNG seed; the same seed (and clock start) gives the same fleet, byte for byte. Default 42. */
  seed?: number;
  /** Time source; default a ManualClock at 2026-01-15T08:00:00Z so the default fleet is reproducible. */
  clock?: Clock;
  /** Scenario name (`demo`, `healthy`) or a spec; default `demo`. */
  scenario?: string | ScenarioSpec;
  /** `small` (tests), `demo` (default) or `full` (demo + the whole openb trace). */
  size?: FleetSize;
  /** Change records kept per cluster for watch resumption (default 20 000). */
  maxHistory?: number;
  /**
   * Control-plane scenario per cluster name (`etcd-slow-disk`, … or a spec); clusters not named get
   * `healthy`. Independent of the data-plane `scenario`.
   */
  controlPlane?: Readonly<Record<string, string | ControlPlaneSpec>>;
}

/** A simulated fleet: several clusters, each with its own object store and resourceVersion counter. */
export class SimFleet {
  readonly seed: number;
  readonly size: FleetSize;
  readonly scenario: ScenarioSpec;
  readonly clock: Clock;
  readonly clusters: SimCluster[];
  /** Per cluster: facts from generation (e.g. openb pods left out). */
  readonly reports: Readonly<Record<string, GenerationReport>>;
  private readonly tickRandoms: Map<string, Random>;

  constructor(options: CreateFleetOptions = {}) {
    this.seed = options.seed ?? 42;
    this.size = options.size ?? 'demo';
    this.clock = options.clock ?? new ManualClock();
    const scenario = options.scenario ?? 'demo';
    this.scenario = typeof scenario === 'string' ? scenarioByName(scenario) : scenario;
    const root = new Random(this.seed);
    const reports: Record<string, GenerationReport> = {};
    this.tickRandoms = new Map();
    const now = this.clock.now();
    const controlPlane = options.controlPlane ?? {};
    const names = new Set(this.scenario.clusters.map((c) => c.name));
    for (const name of Object.keys(controlPlane)) {
      if (!names.has(name))
        throw new Error(`controlPlane: no simulated cluster "${name}" (have: ${[...names].join(', ')})`);
    }
    this.clusters = this.scenario.clusters.map((spec, index) => {
      const random = root.fork(spec.name);
      const store = new ObjectStore({
        clock: this.clock,
        random,
        ...(options.maxHistory ? { maxHistory: options.maxHistory } : {}),
      });
      reports[spec.name] = generateCluster(spec, index, this.size, random, now, store);
      this.tickRandoms.set(spec.name, root.fork(`${spec.name}/tick`));
      const chosen = controlPlane[spec.name];
      const cluster = new SimCluster({
        name: spec.name,
        dra: spec.pools.some((p) => p.draDevices !== undefined),
        gatewayApi: spec.incidents.some((i) => i.kind === 'gateway-routes'),
        kueue: spec.incidents.some((i) => i.kind === 'kueue-quota-wait'),
        gpuOperator: servesGpuOperator(spec),
        version: spec.version,
        store,
        clock: this.clock,
        random,
        ...(chosen !== undefined
          ? { controlPlane: typeof chosen === 'string' ? controlPlaneScenarioByName(chosen).spec : chosen }
          : {}),
      });
      // The simulated dcgm-exporter follows the cluster's pods; faults are timed from now.
      attachDcgm(cluster, spec.dcgm ?? {}, now);
      return cluster;
    });
    this.reports = reports;
  }

  /** The cluster with this name; throws when there is none. */
  cluster(name: string): SimCluster {
    const found = this.clusters.find((c) => c.name === name);
    if (!found)
      throw new Error(
        `no simulated cluster "${name}" (have: ${this.clusters.map((c) => c.name).join(', ')})`,
      );
    return found;
  }

  /** The counts an analysis of this cluster must produce, from the simulator's own objects. */
  groundTruth(name: string): GroundTruth {
    return computeGroundTruth(this.cluster(name));
  }

  /**
   * Advances the demo by one step in every cluster (node heartbeats, a training pod finishing and its
   * replacement starting, crash-looping containers restarting). Deterministic for a given seed, clock
   * and call sequence. Returns how many objects changed.
   */
  tick(): number {
    let changes = 0;
    for (const cluster of this.clusters) {
      const random = this.tickRandoms.get(cluster.name);
      if (random) changes += tickCluster(cluster, random);
    }
    return changes;
  }
}

/** Builds a simulated fleet from a scenario. */
export function createFleet(options: CreateFleetOptions = {}): SimFleet {
  return new SimFleet(options);
}
