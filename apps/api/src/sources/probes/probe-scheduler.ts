import type { Clock } from '@fleetscope/types';
import type { ProbeConfig } from '../../config/app-config.ts';
import type { FleetState } from '../../stores/cluster-state.ts';
import { type KubeTargets, kubeConfigFor } from '../kubernetes/kube-targets.ts';
import { runProbes } from './api-probes.ts';
import { ProbeHistory } from './probe-history.ts';

/** Runs the synthetic probes for every cluster on an interval; one round per cluster at a time. */
export class ProbeScheduler {
  readonly #targets: KubeTargets;
  readonly #fleet: FleetState;
  readonly #clock: Clock;
  readonly #config: ProbeConfig;
  readonly #inFlight = new Set<string>();
  readonly #history = new ProbeHistory();
  #timer: NodeJS.Timeout | null = null;

  readonly #logger: { warn(message: string, fields?: Record<string, unknown>): void };

  constructor(
    targets: KubeTargets,
    fleet: FleetState,
    clock: Clock,
    config: ProbeConfig,
    logger: { warn(message: string, fields?: Record<string, unknown>): void },
  ) {
    this.#targets = targets;
    this.#fleet = fleet;
    this.#clock = clock;
    this.#config = config;
    this.#logger = logger;
  }

  start(): void {
    if (!this.#config.enabled) return;
    void this.probeAll();
    this.#timer = setInterval(() => void this.probeAll(), this.#config.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.#targets.contexts.map((context) => this.#probe(context)));
  }

  async #probe(context: string): Promise<void> {
    // Sharded: the replica that watches a cluster probes it; the others would only add load.
    if (this.#inFlight.has(context) || !this.#fleet.owns(context)) return;
    this.#inFlight.add(context);
    try {
      // The kubeconfig is read each round so rotated credentials are picked up; a file caught
      // mid-rotation must not take the process down (the previous results age into UNKNOWN).
      const signals = await runProbes(kubeConfigFor(this.#targets, context), context, this.#config, () =>
        this.#clock.now(),
      );
      this.#fleet.get(context)?.setProbes(this.#history.record(signals));
    } catch (error) {
      this.#logger.warn('probe round failed', { cluster: context, error: String(error) });
    } finally {
      this.#inFlight.delete(context);
    }
  }
}
