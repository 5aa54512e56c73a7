import {
  type Clock,
  GPU_SIDE_RESOURCES,
  KUEUE_API_GROUP,
  SCHEDULING_RESOURCES,
  WATCHED_RESOURCES,
  WORKLOAD_SET_RESOURCES,
} from '@fleetscope/types';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.ts';
import { APP_CONFIG, CLOCK } from '../../config/tokens.ts';
import { FleetState } from '../../stores/cluster-state.ts';
import { JsonLogger } from '../../telemetry/json-logger.ts';
import { ClientNodeKubeApi, kubeRequest } from './kube-api.ts';
import { KUBE_TARGETS, type KubeTargets, kubeConfigFor } from './kube-targets.ts';
import { readQueuePositions } from './kueue-visibility.ts';
import { discoverGroup, OPTIONAL_GROUPS } from './optional-apis.ts';
import { defaultWatchTimeoutSeconds, Reflector } from './reflector.ts';

/**
 * Watches the configured contexts: one Reflector per (cluster, resource), feeding that cluster's
 * ObjectStore and freshness. The demo runs this same code against the simulated fleet. Every
 * context is watched from the start, unless clusters are sharded over replicas: then the shard
 * coordinator starts and stops the clusters this replica holds the lease of.
 */
@Injectable()
export class KubernetesSource implements OnModuleInit, OnModuleDestroy {
  readonly #reflectors = new Map<string, Reflector[]>();
  /** Per cluster: stops its optional-API discovery loop. */
  readonly #discovery = new Map<string, AbortController>();

  constructor(
    @Inject(KUBE_TARGETS) private readonly targets: KubeTargets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly fleet: FleetState,
    private readonly logger: JsonLogger,
  ) {}

  onModuleInit(): void {
    for (const context of this.targets.contexts) {
      this.fleet.add(context);
      if (this.config.sharding === null) this.startCluster(context);
    }
    this.logger.info('watching clusters', {
      clusters: this.config.sharding === null ? this.targets.contexts : [],
      sharded: this.config.sharding !== null,
    });
  }

  async onModuleDestroy(): Promise<void> {
    for (const abort of this.#discovery.values()) abort.abort();
    await Promise.all([...this.#reflectors.values()].flat().map((r) => r.stop()));
  }

  /** Starts watching one context (no-op when already watched). */
  startCluster(context: string): void {
    if (this.#reflectors.has(context)) return;
    const cluster = this.fleet.add(context);
    // Our own deadline ends a stream that overruns; client-node's inactivity timer is only a backstop.
    const longestStreamMs = defaultWatchTimeoutSeconds(this.config.staleAfterMs) * 1_500 + 10_000;
    const api = new ClientNodeKubeApi(kubeConfigFor(this.targets, context), longestStreamMs + 30_000);
    const reflectors = [
      ...WATCHED_RESOURCES,
      ...WORKLOAD_SET_RESOURCES,
      ...GPU_SIDE_RESOURCES,
      ...SCHEDULING_RESOURCES,
    ].map((resource) => {
      const reflector = new Reflector({
        cluster: context,
        resource,
        api,
        sink: cluster.objects,
        clock: this.clock,
        logger: this.logger,
        staleAfterMs: this.config.staleAfterMs,
        projection: { teamLabel: this.config.gpuHistory.teamLabel },
        optional: (GPU_SIDE_RESOURCES as readonly string[]).includes(resource),
        onFreshness: (f) => cluster.setFreshness(f),
      });
      cluster.setFreshness(reflector.freshness);
      return reflector;
    });
    this.#reflectors.set(context, reflectors);
    for (const reflector of reflectors) reflector.start();
    this.#discoverOptionalApis(context, api);
  }

  /**
   * Optional API groups (Gateway API, Kueue): each is watched while discovery finds it served, at the
   * version found. Discovery asks again every `--optional-api-recheck-ms` (default 5 minutes), served
   * or not: a CRD installed later is picked up, and a CRD deleted ends its watches, forgets what they
   * held and makes what depends on it NOT_APPLICABLE again — never a stale view. A watch of the group
   * answering 404 (its CRD deleted) asks at once. Discovery failing: UNKNOWN (while nothing is watched),
   * retried sooner with backoff.
   */
  #discoverOptionalApis(context: string, api: ClientNodeKubeApi): void {
    const abort = new AbortController();
    this.#discovery.set(context, abort);
    const config = kubeConfigFor(this.targets, context);
    const get = (path: string) =>
      kubeRequest(
        config,
        'GET',
        path,
        undefined,
        AbortSignal.any([abort.signal, AbortSignal.timeout(30_000)]),
      );
    const loop = async (group: (typeof OPTIONAL_GROUPS)[number]): Promise<void> => {
      let failures = 0;
      /** What is watched now: the paths, their reflectors, and a signal ending what rests on them. */
      let watching = null as { paths: string; reflectors: Reflector[]; stop: AbortController } | null;
      /** Wakes the wait below early (a watch of this group answered 404); a 404 during discovery is kept for it. */
      let wake: (() => void) | null = null;
      let woken = false;
      const notServedSeen = (): void => {
        if (wake === null) woken = true;
        else wake();
      };
      const unwatch = async (): Promise<void> => {
        if (watching === null) return;
        const { reflectors, stop } = watching;
        watching = null;
        stop.abort();
        const all = this.#reflectors.get(context);
        if (all !== undefined)
          this.#reflectors.set(
            context,
            all.filter((r) => !reflectors.includes(r)),
          );
        await Promise.all(reflectors.map((r) => r.stop()));
        const cluster = this.fleet.get(context);
        for (const r of reflectors) cluster?.forgetResource(r.freshness.resource);
        if (group.group === KUEUE_API_GROUP) cluster?.setQueuePositions(null);
      };
      try {
        while (!abort.signal.aborted) {
          const found = await discoverGroup(get, group);
          if (abort.signal.aborted) return;
          const cluster = this.fleet.get(context);
          if (cluster === undefined) return;
          if (found.state.served === 'SERVED') {
            failures = 0;
            const paths = found.watch.map((w) => w.path).join(',');
            if (watching?.paths !== paths) {
              await unwatch();
              const stop = new AbortController();
              const started = found.watch.map(({ resource, path }) => {
                const reflector = new Reflector({
                  cluster: context,
                  resource,
                  path,
                  api,
                  sink: cluster.objects,
                  clock: this.clock,
                  logger: this.logger,
                  staleAfterMs: this.config.staleAfterMs,
                  optional: true,
                  onFreshness: (f) => {
                    if (stop.signal.aborted) return;
                    cluster.setFreshness(f);
                    if (f.notServed === true) notServedSeen();
                  },
                });
                cluster.setFreshness(reflector.freshness);
                return reflector;
              });
              watching = { paths, reflectors: started, stop };
              this.#reflectors.get(context)?.push(...started);
              for (const reflector of started) reflector.start();
              this.logger.info('watching optional API group', {
                cluster: context,
                group: group.group,
                version: found.state.version,
              });
              if (group.group === KUEUE_API_GROUP) {
                pollPositions(stop.signal).catch(() => {});
              }
            }
            cluster.setOptionalApi(found.state);
          } else if (found.state.served === 'NOT_SERVED') {
            failures = 0;
            if (watching !== null) {
              this.logger.info('optional API group no longer served; its watches end', {
                cluster: context,
                group: group.group,
              });
            }
            await unwatch();
            cluster.setOptionalApi(found.state);
          } else {
            failures += 1;
            // Discovery failing proves nothing: what is watched keeps being watched (its reflectors
            // report their own errors); only a group never seen is UNKNOWN.
            if (watching === null) cluster.setOptionalApi(found.state);
          }
          const delayMs =
            found.state.served === 'UNKNOWN'
              ? Math.min(this.config.optionalApiRecheckMs, 2_000 * 2 ** Math.min(failures, 8))
              : this.config.optionalApiRecheckMs;
          if (woken) {
            woken = false;
            continue;
          }
          await new Promise<void>((resolve) => {
            const done = (): void => {
              clearTimeout(timer);
              abort.signal.removeEventListener('abort', done);
              wake = null;
              resolve();
            };
            const timer = setTimeout(done, delayMs);
            timer.unref();
            wake = done;
            abort.signal.addEventListener('abort', done, { once: true });
          });
        }
      } finally {
        watching?.stop.abort();
      }
    };
    // Kueue's queue positions: the visibility API, read every 30 s while Kueue is served (a few
    // requests per ClusterQueue; positions change only as workloads are admitted or queued).
    const pollPositions = async (stop: AbortSignal): Promise<void> => {
      const signal = AbortSignal.any([abort.signal, stop]);
      while (!signal.aborted) {
        const cluster = this.fleet.get(context);
        if (cluster === undefined) return;
        // The queues to ask about are the ClusterQueues listed: wait for their first list.
        if (cluster.freshness().find((f) => f.resource === 'clusterqueues')?.lastSyncAt == null) {
          await sleep(500, signal);
          continue;
        }
        const queues = [...cluster.objects.list('ClusterQueue')].map((q) => q.name);
        const read = await readQueuePositions(get, queues);
        if (signal.aborted) return;
        cluster.setQueuePositions(read.ok ? read.positions : null);
        await sleep(30_000, signal);
      }
    };
    const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        timer.unref();
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    for (const group of OPTIONAL_GROUPS) {
      loop(group).catch((error: unknown) => {
        this.logger.warn('optional API discovery ended unexpectedly', {
          cluster: context,
          group: group.group,
          error: String(error),
        });
      });
    }
  }

  /** Stops watching one context and drops what was kept of it. */
  async stopCluster(context: string): Promise<void> {
    const reflectors = this.#reflectors.get(context);
    if (reflectors === undefined) return;
    this.#reflectors.delete(context);
    this.#discovery.get(context)?.abort();
    this.#discovery.delete(context);
    await Promise.all(reflectors.map((r) => r.stop()));
    this.fleet.reset(context);
  }

  /** The contexts watched by this process. */
  watched(): string[] {
    return [...this.#reflectors.keys()].sort();
  }

  /** True once every watch has either synced or failed at least once (the view then says which). */
  settled(): boolean {
    return [...this.#reflectors.values()]
      .flat()
      .every((r) => r.freshness.state !== 'CONNECTING' || r.freshness.restarts > 0);
  }

  /** Whether one cluster's watches have all synced (a new shard owner publishes only then). */
  synced(context: string): boolean {
    const reflectors = this.#reflectors.get(context);
    return reflectors?.every((r) => r.freshness.state !== 'CONNECTING') ?? false;
  }
}
