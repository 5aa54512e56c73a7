import type { Signal, SignalName, SignalSet } from '@fleetscope/types';
import { type KubeConfig, Watch } from '@kubernetes/client-node';
import { kubeRequest, statusError } from '../kubernetes/kube-api.ts';
import { LoopLag } from './loop-lag.ts';

export interface ProbeOptions {
  namespace: string;
  timeoutMs: number;
  /** Opt-in: update one ConfigMap in `namespace` and time until its watch event arrives. */
  write: boolean;
}

/** A probe outcome that says nothing about the path (our namespace is missing, we may not do it). */
class Inconclusive extends Error {}

/** Inconclusive because of us, not the server: reported as evidence ("inconclusive: …"), never a verdict. */
class Overloaded extends Inconclusive {}

/**
 * The observer's own delay: lateness of this process's event loop is subtracted from every probe
 * timing, and a probe during which the loop ran late by more than this (and by more than half the
 * probe's time) is inconclusive — "Fleetscope itself is overloaded" — never a verdict on the server.
 */
export const OVERLOADED_LATE_MS = 100;
const loopLag = new LoopLag();

let overloadedProbes = 0;

/** Probes found inconclusive since start because Fleetscope itself was overloaded (for /metrics). */
export function overloadedProbeCount(): number {
  return overloadedProbes;
}

/**
 * Times `run` in seconds with our own event-loop lateness taken out. Inconclusive when we were
 * overloaded: a slow answer, or a timeout, that our own delay explains says nothing about the server.
 */
async function timeOwnDelayExcluded<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const close = loopLag.window();
  const started = performance.now();
  let outcome: { ok: true; result: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, result: await run() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const elapsed = performance.now() - started;
  const late = close();
  if (late > OVERLOADED_LATE_MS && late > elapsed / 2) {
    overloadedProbes += 1;
    throw new Overloaded(
      `inconclusive: Fleetscope itself is overloaded (its event loop ran ${Math.round(late)} ms late during a ${Math.round(elapsed)} ms probe)`,
    );
  }
  if (!outcome.ok) throw outcome.error;
  return { result: outcome.result, seconds: Math.max(0, elapsed - late) / 1000 };
}

const PROBE_CONFIGMAP = 'fleetscope-probe';

/**
 * Synthetic probes of one cluster's API server, each timing one path from outside:
 * read = GET /readyz and a LIST with limit=1; admission = a dryRun=All create (the whole admission
 * chain, nothing persisted); write + watch (opt-in) = update a ConfigMap in the tool's own namespace
 * and time until its watch event arrives. Results are signals (seconds, or the error).
 */
export async function runProbes(
  config: KubeConfig,
  cluster: string,
  options: ProbeOptions,
  now: () => number,
): Promise<SignalSet> {
  const signals: SignalSet['signals'] = {};
  const record = async (name: SignalName, probe: () => Promise<number>): Promise<void> => {
    const observedAt = now();
    try {
      const seconds = await probe();
      signals[name] = signal(name, [{ labels: {}, value: seconds }], null, observedAt);
    } catch (error) {
      // Evidence that says nothing about the path: shown when it is about us, skipped otherwise.
      if (error instanceof Overloaded) signals[name] = signal(name, [], error.message, observedAt);
      else if (!(error instanceof Inconclusive))
        signals[name] = signal(name, [], describe(error), observedAt);
    }
  };
  const timed = (method: 'GET' | 'POST', path: string, body?: unknown) => async (): Promise<number> => {
    const { result, seconds } = await timeOwnDelayExcluded(() =>
      kubeRequest(config, method, path, body, AbortSignal.timeout(options.timeoutMs)),
    );
    throwUnlessOk(result.status, result.text);
    return seconds;
  };
  await record('probe_readyz_seconds', timed('GET', '/readyz'));
  await record('probe_list_seconds', timed('GET', '/api/v1/namespaces?limit=1'));
  await record(
    'probe_admission_dry_run_seconds',
    timed('POST', `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/configmaps?dryRun=All`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${PROBE_CONFIGMAP}-dry-run`,
        namespace: options.namespace,
        labels: { 'app.kubernetes.io/managed-by': 'fleetscope' },
      },
      data: { purpose: 'admission probe (dry run, never persisted)' },
    }),
  );
  if (options.write) await writeAndWatch(config, options, now, signals);
  return { cluster, signals, observable: { etcd: true, scheduler: true, controllers: true } };
}

/** Updates the probe ConfigMap and times the write and the watch delivery of that very change. */
async function writeAndWatch(
  config: KubeConfig,
  options: ProbeOptions,
  now: () => number,
  out: SignalSet['signals'],
): Promise<void> {
  const ns = encodeURIComponent(options.namespace);
  const path = `/api/v1/namespaces/${ns}/configmaps`;
  const observedAt = now();
  const marker = `${observedAt}-${Math.random().toString(36).slice(2, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let watching: Promise<AbortController> | undefined;
  try {
    const current = await kubeRequest(
      config,
      'GET',
      `${path}/${PROBE_CONFIGMAP}`,
      undefined,
      AbortSignal.timeout(options.timeoutMs),
    );
    let resourceVersion = '';
    if (current.status === 404 && !namespaceMissing(current.status, current.text)) {
      const created = await kubeRequest(
        config,
        'POST',
        path,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: PROBE_CONFIGMAP }, data: {} },
        AbortSignal.timeout(options.timeoutMs),
      );
      throwUnlessOk(created.status, created.text);
      resourceVersion = (JSON.parse(created.text) as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion;
    } else {
      throwUnlessOk(current.status, current.text);
      resourceVersion = (JSON.parse(current.text) as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion;
    }
    const delivery = Promise.withResolvers<number>();
    // When the write fails nobody awaits the delivery: its later rejection must not go unhandled.
    delivery.promise.catch(() => {});
    let writtenAt = 0;
    timer = setTimeout(
      () => delivery.reject(new Error(`watch event not delivered within ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    watching = new Watch(config).watch(
      path,
      { fieldSelector: `metadata.name=${PROBE_CONFIGMAP}`, resourceVersion },
      (_type: string, object: { data?: Record<string, string> }) => {
        if (object?.data?.marker === marker) delivery.resolve((performance.now() - writtenAt) / 1000);
      },
      (error: unknown) => {
        if (!error) return;
        const status = (error as { statusCode?: unknown }).statusCode;
        delivery.reject(
          status === 401 || status === 403
            ? new Inconclusive(`watch: HTTP ${status}`)
            : error instanceof Error
              ? error
              : new Error(String(error)),
        );
      },
    );
    watching.catch((error: unknown) => delivery.reject(error));
    const closeDeliveryWindow = loopLag.window();
    writtenAt = performance.now();
    const write = await timeOwnDelayExcluded(() =>
      kubeRequest(
        config,
        'PATCH',
        `${path}/${PROBE_CONFIGMAP}`,
        { data: { marker } },
        AbortSignal.timeout(options.timeoutMs),
        'application/merge-patch+json',
      ),
    ).catch((error: unknown) => {
      closeDeliveryWindow();
      throw error;
    });
    throwUnlessOk(write.result.status, write.result.text);
    out.probe_write_seconds = signal(
      'probe_write_seconds',
      [{ labels: {}, value: write.seconds }],
      null,
      observedAt,
    );
    let delivered: number | null = null;
    let failure: unknown = null;
    try {
      delivered = await delivery.promise;
    } catch (error) {
      failure = error;
    }
    const late = closeDeliveryWindow();
    const elapsed = performance.now() - writtenAt;
    if (late > OVERLOADED_LATE_MS && late > elapsed / 2) {
      overloadedProbes += 1;
      out.probe_watch_delivery_seconds = signal(
        'probe_watch_delivery_seconds',
        [],
        `inconclusive: Fleetscope itself is overloaded (its event loop ran ${Math.round(late)} ms late during a ${Math.round(elapsed)} ms probe)`,
        observedAt,
      );
      return;
    }
    if (delivered !== null) {
      out.probe_watch_delivery_seconds = signal(
        'probe_watch_delivery_seconds',
        [{ labels: {}, value: Math.max(0, delivered - late / 1000) }],
        null,
        observedAt,
      );
    } else if (!(failure instanceof Inconclusive)) {
      out.probe_watch_delivery_seconds = signal(
        'probe_watch_delivery_seconds',
        [],
        describe(failure),
        observedAt,
      );
    }
  } catch (error) {
    if (error instanceof Overloaded)
      out.probe_write_seconds = signal('probe_write_seconds', [], error.message, observedAt);
    if (error instanceof Inconclusive) return; // may not write in our namespace, or it is missing
    out.probe_write_seconds ??= signal('probe_write_seconds', [], describe(error), observedAt);
  } finally {
    clearTimeout(timer);
    // The watch may still be connecting when the write fails: stop it once it is established.
    void watching?.then(
      (controller) => controller.abort(),
      () => {},
    );
  }
}

/**
 * Throws for a non-2xx answer: Inconclusive when it says nothing about the path (401/403, our namespace
 * is missing), else the Status as an error.
 */
function throwUnlessOk(status: number, text: string): void {
  if (status < 300) return;
  if (status === 403 || status === 401 || namespaceMissing(status, text)) {
    throw new Inconclusive(statusError(status, text).message);
  }
  throw statusError(status, text);
}

/** Whether a 404 is about the namespace itself (the Status message, not the raw JSON with its escapes). */
function namespaceMissing(status: number, text: string): boolean {
  return status === 404 && /namespaces? "[^"]*" not found/.test(statusError(status, text).message);
}

function signal(
  name: SignalName,
  samples: Signal['samples'],
  error: string | null,
  observedAt: number,
): Signal {
  return { name, samples, window: '', source: 'probe', observedAt, error };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
