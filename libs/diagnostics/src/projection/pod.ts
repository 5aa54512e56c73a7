import type {
  ContainerStateRecord,
  NodeSelectorRequirement,
  PodAffinityTerm,
  PodPhase,
  PodPlacement,
  PodRecord,
  TopologySpreadConstraint,
} from '@fleetscope/types';
import { findCondition } from './conditions.ts';
import {
  describeValue,
  deviceCount,
  elementObject,
  fail,
  type JsonObject,
  milliQuantity,
  nullableInteger,
  optionalArray,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalTime,
  requiredString,
  stringMap,
  wholeQuantity,
} from './fields.ts';
import { GPU_RESOURCE, isGpuExtendedResource } from './gpu-resources.ts';
import { metadataOf, readController, readCreatedAt, readIdentity, readLabels } from './metadata.ts';
import { readLabelSelector } from './pdb.ts';
import { type ProjectionResult, project } from './result.ts';

const PHASES: ReadonlySet<string> = new Set<PodPhase>([
  'Pending',
  'Running',
  'Succeeded',
  'Failed',
  'Unknown',
]);

function isTerminalPhaseText(phase: PodPhase): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function isPhase(value: string): value is PodPhase {
  return PHASES.has(value);
}

/** GPU-like resource amounts, keyed by resource name. */
type Amounts = Map<string, number>;

function add(into: Amounts, from: Amounts): void {
  for (const [name, value] of from) into.set(name, (into.get(name) ?? 0) + value);
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [name, value] of from) into.set(name, Math.max(into.get(name) ?? 0, value));
}

function isGpuResource(name: string): boolean {
  return name === GPU_RESOURCE || isGpuExtendedResource(name);
}

/**
 * GPU-like requests of one container. Per resource, the request wins and the limit stands in when
 * no request is given — the API server defaults requests to limits, and extended resources are
 * often written as limits only.
 */
function containerAmounts(container: JsonObject, path: string): Amounts {
  const amounts: Amounts = new Map();
  const resources = optionalObject(container, 'resources', path);
  if (resources === undefined) return amounts;
  const resourcesPath = `${path}.resources`;
  const requests = optionalObject(resources, 'requests', resourcesPath);
  const limits = optionalObject(resources, 'limits', resourcesPath);
  for (const [list, listPath] of [
    [limits, `${resourcesPath}.limits`],
    [requests, `${resourcesPath}.requests`],
  ] as const) {
    if (list === undefined) continue;
    // Requests are read second so they overwrite limits for the same resource.
    for (const name of Object.keys(list)) {
      if (isGpuResource(name)) amounts.set(name, deviceCount(list[name], `${listPath}[${name}]`));
    }
  }
  return amounts;
}

/**
 * Effective GPU-like requests of a pod, as the scheduler computes them
 * (k8s.io/component-helpers resource.PodRequests): the sum over app containers, or the largest
 * init container if that is more. Sidecars (init containers with restartPolicy Always) keep
 * running, so they add to the app sum and to every init container started after them.
 */
function podAmounts(spec: JsonObject): Amounts {
  return effectiveAmounts(spec, containerAmounts);
}

/** The scheduler's effective requests over containers, init containers and sidecars, per resource. */
function effectiveAmounts(
  spec: JsonObject,
  containerAmounts: (container: JsonObject, path: string) => Amounts,
): Amounts {
  const total: Amounts = new Map();
  const containers = optionalArray(spec, 'containers', 'spec');
  for (let i = 0; i < containers.length; i++) {
    const container = elementObject(containers[i], 'spec.containers', i);
    add(total, containerAmounts(container, `spec.containers[${i}]`));
  }
  const sidecars: Amounts = new Map();
  const initPeak: Amounts = new Map();
  const inits = optionalArray(spec, 'initContainers', 'spec');
  for (let i = 0; i < inits.length; i++) {
    const path = `spec.initContainers[${i}]`;
    const container = elementObject(inits[i], 'spec.initContainers', i);
    const amounts = containerAmounts(container, path);
    if (optionalString(container, 'restartPolicy', path) === 'Always') {
      add(total, amounts);
      add(sidecars, amounts);
      maxInto(initPeak, sidecars);
    } else {
      const whileRunning: Amounts = new Map(amounts);
      add(whileRunning, sidecars);
      maxInto(initPeak, whileRunning);
    }
  }
  maxInto(total, initPeak);
  return total;
}

/**
 * Every request of one container as a number (cpu in millicores, the rest whole units), limits
 * standing in where no request is given (the API server defaults requests to limits). NaN marks a
 * value that is not a quantity: unknown, carried through sums so the total is unknown too.
 */
function containerScalars(container: JsonObject, path: string): Amounts {
  const amounts: Amounts = new Map();
  const resources = optionalObject(container, 'resources', path);
  if (resources === undefined) return amounts;
  const resourcesPath = `${path}.resources`;
  for (const list of [
    optionalObject(resources, 'limits', resourcesPath),
    optionalObject(resources, 'requests', resourcesPath),
  ]) {
    if (list === undefined) continue;
    for (const name of Object.keys(list)) {
      if (name === '__proto__' || isGpuResource(name)) continue;
      const value = name === 'cpu' ? milliQuantity(list[name]) : wholeQuantity(list[name]);
      amounts.set(name, value ?? Number.NaN);
    }
  }
  return amounts;
}

/**
 * Effective requests of a pod for every resource but GPU-like ones (those are {@link podAmounts}),
 * the same way: app containers and sidecars summed, the largest init container if more, then
 * spec.overhead (RuntimeClass overhead, set at admission) added.
 */
function podScalars(spec: JsonObject): Amounts {
  const total = effectiveAmounts(spec, containerScalars);
  const overhead = optionalObject(spec, 'overhead', 'spec');
  if (overhead !== undefined) {
    const extra: Amounts = new Map();
    for (const name of Object.keys(overhead)) {
      if (name === '__proto__') continue;
      const value = name === 'cpu' ? milliQuantity(overhead[name]) : wholeQuantity(overhead[name]);
      extra.set(name, value ?? Number.NaN);
    }
    add(total, extra);
  }
  return total;
}

/** A number that may be unknown: NaN (a value that did not parse) becomes null. */
function known(value: number | undefined): number | null {
  if (value === undefined) return 0;
  return Number.isNaN(value) ? null : value;
}

const NOT_OTHER: ReadonlySet<string> = new Set(['cpu', 'memory']);

/**
 * Container states, init containers (sidecars included) first: an init container crash-looping or
 * stuck pulling its image holds the pod back exactly as an app container does.
 */
function readContainerStatuses(status: JsonObject): ContainerStateRecord[] {
  return [
    ...readStatusList(status, 'initContainerStatuses', true),
    ...readStatusList(status, 'containerStatuses', false),
  ];
}

function readStatusList(
  status: JsonObject,
  field: 'initContainerStatuses' | 'containerStatuses',
  init: boolean,
): ContainerStateRecord[] {
  const items = optionalArray(status, field, 'status');
  const records: ContainerStateRecord[] = [];
  for (let i = 0; i < items.length; i++) {
    const path = `status.${field}[${i}]`;
    const item = elementObject(items[i], `status.${field}`, i);
    const waiting = optionalObject(optionalObject(item, 'state', path) ?? {}, 'waiting', `${path}.state`);
    const lastState = optionalObject(item, 'lastState', path) ?? {};
    const terminated = optionalObject(lastState, 'terminated', `${path}.lastState`);
    const waitingPath = `${path}.state.waiting`;
    const terminatedPath = `${path}.lastState.terminated`;
    records.push({
      name: requiredString(item, 'name', path),
      init,
      ready: optionalBoolean(item, 'ready', path),
      restartCount: optionalInteger(item, 'restartCount', path),
      waitingReason: waiting === undefined ? '' : optionalString(waiting, 'reason', waitingPath),
      waitingMessage: waiting === undefined ? '' : optionalString(waiting, 'message', waitingPath),
      lastTerminationReason:
        terminated === undefined ? '' : optionalString(terminated, 'reason', terminatedPath),
      lastExitCode: terminated === undefined ? null : nullableInteger(terminated, 'exitCode', terminatedPath),
    });
  }
  return records;
}

const NO_GATES: readonly string[] = Object.freeze([]);

function readRequirements(term: JsonObject, path: string): NodeSelectorRequirement[] {
  const out: NodeSelectorRequirement[] = [];
  const items = optionalArray(term, 'matchExpressions', path);
  for (let i = 0; i < items.length; i++) {
    const itemPath = `${path}.matchExpressions[${i}]`;
    const item = elementObject(items[i], `${path}.matchExpressions`, i);
    const values = optionalArray(item, 'values', itemPath).map((v, j) =>
      typeof v === 'string' ? v : fail(`${itemPath}.values[${j}] is not a string: ${describeValue(v)}`),
    );
    out.push({
      key: requiredString(item, 'key', itemPath),
      operator: requiredString(item, 'operator', itemPath),
      values,
    });
  }
  return out;
}

/** Claims of the pod's volumes: persistentVolumeClaim.claimName, and `<pod>-<volume>` for ephemeral ones. */
function readClaims(spec: JsonObject, podName: string): string[] {
  const claims: string[] = [];
  optionalArray(spec, 'volumes', 'spec').forEach((v, i) => {
    const path = `spec.volumes[${i}]`;
    const volume = elementObject(v, 'spec.volumes', i);
    const pvc = optionalObject(volume, 'persistentVolumeClaim', path);
    if (pvc !== undefined) claims.push(requiredString(pvc, 'claimName', `${path}.persistentVolumeClaim`));
    else if (optionalObject(volume, 'ephemeral', path) !== undefined) {
      claims.push(`${podName}-${optionalString(volume, 'name', path)}`);
    }
  });
  return claims;
}

function readAffinityTerms(affinity: JsonObject, kind: string): PodAffinityTerm[] {
  const path = `spec.affinity.${kind}`;
  const section = optionalObject(affinity, kind, 'spec.affinity');
  if (section === undefined) return [];
  const termsPath = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  return optionalArray(section, 'requiredDuringSchedulingIgnoredDuringExecution', path).map((t, i) => {
    const termPath = `${termsPath}[${i}]`;
    const term = elementObject(t, termsPath, i);
    const namespaces = optionalArray(term, 'namespaces', termPath).map((v, j) =>
      typeof v === 'string' ? v : fail(`${termPath}.namespaces[${j}] is not a string: ${describeValue(v)}`),
    );
    return {
      selector: readLabelSelector(term, 'labelSelector', termPath),
      namespaces,
      topologyKey: requiredString(term, 'topologyKey', termPath),
      ...(optionalObject(term, 'namespaceSelector', termPath) === undefined
        ? {}
        : { namespaceSelector: true }),
    };
  });
}

function readSpread(spec: JsonObject): TopologySpreadConstraint[] {
  const out: TopologySpreadConstraint[] = [];
  optionalArray(spec, 'topologySpreadConstraints', 'spec').forEach((c, i) => {
    const path = `spec.topologySpreadConstraints[${i}]`;
    const item = elementObject(c, 'spec.topologySpreadConstraints', i);
    if (optionalString(item, 'whenUnsatisfiable', path, 'DoNotSchedule') !== 'DoNotSchedule') return;
    const minDomains = nullableInteger(item, 'minDomains', path);
    out.push({
      maxSkew: optionalInteger(item, 'maxSkew', path, 1),
      topologyKey: requiredString(item, 'topologyKey', path),
      selector: readLabelSelector(item, 'labelSelector', path),
      minDomains,
    });
  });
  return out;
}

/** nodeSelector, required node affinity, tolerations and volume claims of a pod not yet bound to a node. */
function readPlacement(spec: JsonObject, podName: string, scalars: Amounts): PodPlacement {
  const affinity = optionalObject(spec, 'affinity', 'spec') ?? {};
  const podAffinity = readAffinityTerms(affinity, 'podAffinity');
  const podAntiAffinity = readAffinityTerms(affinity, 'podAntiAffinity');
  const topologySpread = readSpread(spec);
  const runtimeClassName = optionalString(spec, 'runtimeClassName', 'spec');
  let otherRequests: Record<string, number> | undefined;
  for (const [name, value] of scalars) {
    if (NOT_OTHER.has(name) || !(value > 0)) continue;
    otherRequests ??= {};
    otherRequests[name] = value;
  }
  const claims = readClaims(spec, podName);
  const affinityPath = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution';
  const required = optionalObject(
    optionalObject(optionalObject(spec, 'affinity', 'spec') ?? {}, 'nodeAffinity', 'spec.affinity') ?? {},
    'requiredDuringSchedulingIgnoredDuringExecution',
    'spec.affinity.nodeAffinity',
  );
  const terms = required === undefined ? [] : optionalArray(required, 'nodeSelectorTerms', affinityPath);
  const tolerations = optionalArray(spec, 'tolerations', 'spec').map((t, i) => {
    const path = `spec.tolerations[${i}]`;
    const item = elementObject(t, 'spec.tolerations', i);
    return {
      key: optionalString(item, 'key', path),
      operator: optionalString(item, 'operator', path, 'Equal'),
      value: optionalString(item, 'value', path),
      effect: optionalString(item, 'effect', path),
    };
  });
  return {
    nodeSelector: stringMap(spec, 'nodeSelector', 'spec'),
    requiredTerms: terms.map((term, i) =>
      readRequirements(
        elementObject(term, `${affinityPath}.nodeSelectorTerms`, i),
        `${affinityPath}.nodeSelectorTerms[${i}]`,
      ),
    ),
    tolerations,
    ...(claims.length === 0 ? {} : { claims }),
    ...(podAffinity.length === 0 ? {} : { podAffinity }),
    ...(podAntiAffinity.length === 0 ? {} : { podAntiAffinity }),
    ...(topologySpread.length === 0 ? {} : { topologySpread }),
    ...(runtimeClassName === '' ? {} : { runtimeClassName }),
    ...(otherRequests === undefined ? {} : { otherRequests }),
  };
}

/** Names of spec.schedulingGates; the shared empty list when there are none (most pods). */
function readSchedulingGates(spec: JsonObject): readonly string[] {
  const gates = optionalArray(spec, 'schedulingGates', 'spec');
  if (gates.length === 0) return NO_GATES;
  return gates.map((gate, i) =>
    requiredString(elementObject(gate, 'spec.schedulingGates', i), 'name', `spec.schedulingGates[${i}]`),
  );
}

/** Projects a core/v1 Pod. */
export function projectPod(raw: unknown): ProjectionResult<PodRecord> {
  return project('Pod', raw, (object) => {
    const metadata = metadataOf(object);
    const identity = readIdentity(metadata, true);
    const spec = optionalObject(object, 'spec', '') ?? {};
    const status = optionalObject(object, 'status', '') ?? {};
    // The API server sets Pending on create; objects written without status mean the same.
    const phaseText = optionalString(status, 'phase', 'status', 'Pending');
    const phase = isPhase(phaseText)
      ? phaseText
      : fail(`status.phase is not a pod phase: ${describeValue(phaseText)}`);
    const scheduled = findCondition(status, 'status', 'PodScheduled');
    const unschedulable = scheduled !== null && scheduled.status === 'False';
    const amounts = podAmounts(spec);
    const scalars = podScalars(spec);
    const gpuExtendedRequest: Record<string, number> = {};
    for (const [name, value] of amounts) {
      if (name !== GPU_RESOURCE && value > 0) gpuExtendedRequest[name] = value;
    }
    return {
      kind: 'Pod',
      ...identity,
      createdAt: readCreatedAt(metadata),
      deletionTimestamp: optionalTime(metadata, 'deletionTimestamp', 'metadata'),
      nodeName: optionalString(spec, 'nodeName', 'spec'),
      phase,
      ready: findCondition(status, 'status', 'Ready')?.status === 'True',
      unschedulableReason: unschedulable ? scheduled.reason : '',
      unschedulableMessage: unschedulable ? scheduled.message : '',
      controller: readController(metadata),
      labels: readLabels(metadata),
      gpuRequest: amounts.get(GPU_RESOURCE) ?? 0,
      gpuExtendedRequest,
      cpuRequest: known(scalars.get('cpu')),
      memoryRequest: known(scalars.get('memory')),
      containers: readContainerStatuses(status),
      schedulingGates: readSchedulingGates(spec),
      ...(optionalString(spec, 'nodeName', 'spec') === '' && !isTerminalPhaseText(phase)
        ? { placement: readPlacement(spec, identity.name, scalars) }
        : {}),
      statusReason: optionalString(status, 'reason', 'status'),
      statusMessage: optionalString(status, 'message', 'status'),
    };
  });
}
