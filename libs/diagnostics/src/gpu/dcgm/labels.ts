/**
 * One DCGM-exporter series' labels → which device it is about, and which pod (if any) the
 * exporter attributed it to. Every naming the exporter has used is accepted (reference/gpu.md):
 * `Hostname`/`hostname`, `UUID`/`uuid`, `pod`/`pod_name`/`exported_pod` (and the same for
 * namespace and container), `GPU_I_PROFILE`/`GPU_I_ID` for MIG, the DRA labels. A label set that
 * does not name a device is reported with its problems, never guessed at.
 */

/** The pod a series is attributed to by the exporter's Kubernetes mapping. */
export interface DcgmPodRef {
  namespace: string;
  name: string;
  container: string | null;
  uid: string | null;
}

/** DRA attribution (exporters running with the NVIDIA DRA driver). */
export interface DcgmDraRef {
  claimName: string;
  claimNamespace: string | null;
  driver: string | null;
  pool: string | null;
  device: string | null;
  migProfile: string | null;
  migDeviceUuid: string | null;
}

export interface DcgmDeviceLabels {
  /** `node/gpu/migInstance` (or `node/uuid:…` when the exporter gave no index): stable per device. */
  key: string;
  node: string;
  gpu: string;
  uuid: string;
  modelName: string | null;
  migProfile: string | null;
  migInstance: string | null;
  driverVersion: string | null;
  pod: DcgmPodRef | null;
  dra: DcgmDraRef | null;
  /** The vGPU id when the exporter shares a device across pods (values are copies: never summed). */
  vgpu: string | null;
}

export interface DcgmLabelResult {
  device: DcgmDeviceLabels | null;
  /** Why the series cannot be placed (device null), or what was odd about it (device kept). */
  problems: string[];
  /** Label names this code does not know (reported, never interpreted). */
  unknownLabels: string[];
}

export interface DcgmLabelOptions {
  /** Node to use when the series has no host label (e.g. the scrape file's own node); never inferred from other labels. */
  fallbackNode?: string;
  /** Further label names to accept silently (e.g. the Prometheus cluster label). */
  extraKnownLabels?: readonly string[];
}

const HOST = ['Hostname', 'hostname'] as const;
const UUID = ['UUID', 'uuid'] as const;
// With Prometheus relabel clashes (`honor_labels: false`), `pod`/`namespace`/`container` are the
// exporter's own target labels and the workload's moved to `exported_*`: those win.
const POD = ['exported_pod', 'pod', 'pod_name'] as const;
const NAMESPACE = ['exported_namespace', 'namespace', 'pod_namespace'] as const;
const CONTAINER = ['exported_container', 'container', 'container_name'] as const;

/** Labels dcgm-exporter or Prometheus put on DCGM series, beyond the ones read above. */
const KNOWN = new Set<string>([
  ...HOST,
  ...UUID,
  ...POD,
  ...NAMESPACE,
  ...CONTAINER,
  '__name__',
  'gpu',
  'pci_bus_id',
  'device',
  'modelName',
  'DCGM_FI_DRIVER_VERSION',
  'GPU_I_PROFILE',
  'GPU_I_ID',
  'pod_uid',
  'exported_pod_uid',
  'vgpu',
  'err_code',
  'err_msg',
  'xid',
  'window_size_in_ms',
  'health_watch',
  'health_error_code',
  'dra_claim_name',
  'dra_claim_namespace',
  'dra_driver_name',
  'dra_pool_name',
  'dra_device_name',
  'dra_mig_profile',
  'dra_mig_device_uuid',
  // Target labels Prometheus and its operators add.
  'instance',
  'job',
  'cluster',
  'service',
  'endpoint',
  'exported_instance',
  'exported_job',
  'prometheus',
  'prometheus_replica',
]);

/** The exporter's own pod and container names: its target labels, not a workload. */
const EXPORTER_CONTAINERS = new Set(['nvidia-dcgm-exporter', 'dcgm-exporter']);

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** The first non-empty of several spellings, and a problem when two spellings disagree. */
function pick(
  labels: Readonly<Record<string, string>>,
  names: readonly string[],
  problems: string[],
  what: string,
): string | null {
  let found: { name: string; value: string } | null = null;
  for (const name of names) {
    const value = nonEmpty(labels[name]);
    if (value === null) continue;
    if (found === null) found = { name, value };
    else if (found.value !== value) {
      problems.push(
        `${what}: ${found.name}="${found.value}" and ${name}="${value}" disagree; ${found.name} used`,
      );
    }
  }
  return found?.value ?? null;
}

function podOf(labels: Readonly<Record<string, string>>, problems: string[]): DcgmPodRef | null {
  // exported_* and plain spellings may both be present: the plain ones then belong to the exporter.
  const exported = nonEmpty(labels.exported_pod) !== null;
  const name = exported ? nonEmpty(labels.exported_pod) : pick(labels, ['pod', 'pod_name'], problems, 'pod');
  if (name === null) return null;
  const namespace = exported
    ? nonEmpty(labels.exported_namespace)
    : pick(labels, ['namespace', 'pod_namespace'], problems, 'namespace');
  const container = exported
    ? nonEmpty(labels.exported_container)
    : pick(labels, ['container', 'container_name'], problems, 'container');
  // A `pod` that is the exporter itself (a ServiceMonitor target label with no workload label moved
  // aside) says nothing about who uses the GPU.
  if (!exported && (container !== null ? EXPORTER_CONTAINERS.has(container) : /dcgm-exporter/.test(name))) {
    return null;
  }
  if (namespace === null) {
    problems.push(`pod "${name}" has no namespace label (namespace, pod_namespace, exported_namespace)`);
    return null;
  }
  const uid = nonEmpty(exported ? labels.exported_pod_uid : labels.pod_uid) ?? nonEmpty(labels.pod_uid);
  return { namespace, name, container, uid };
}

function draOf(labels: Readonly<Record<string, string>>): DcgmDraRef | null {
  const claimName = nonEmpty(labels.dra_claim_name);
  if (claimName === null) return null;
  return {
    claimName,
    claimNamespace: nonEmpty(labels.dra_claim_namespace),
    driver: nonEmpty(labels.dra_driver_name),
    pool: nonEmpty(labels.dra_pool_name),
    device: nonEmpty(labels.dra_device_name),
    migProfile: nonEmpty(labels.dra_mig_profile),
    migDeviceUuid: nonEmpty(labels.dra_mig_device_uuid),
  };
}

/** Normalises one series' labels into a device (or says why it cannot). */
export function dcgmDeviceLabels(
  labels: Readonly<Record<string, string>>,
  options: DcgmLabelOptions = {},
): DcgmLabelResult {
  const problems: string[] = [];
  const extra = new Set(options.extraKnownLabels ?? []);
  const unknownLabels = Object.keys(labels)
    .filter((name) => !KNOWN.has(name) && !extra.has(name))
    .sort();

  const host = pick(labels, HOST, problems, 'host');
  const node = host ?? nonEmpty(options.fallbackNode);
  const gpu = nonEmpty(labels.gpu);
  const uuid = pick(labels, UUID, problems, 'uuid') ?? '';
  const migProfile = nonEmpty(labels.GPU_I_PROFILE);
  const migInstance = nonEmpty(labels.GPU_I_ID);

  const fatal: string[] = [];
  if (node === null) fatal.push('no host label (Hostname or hostname)');
  if (gpu === null && uuid === '') fatal.push('no device label (gpu, UUID or uuid)');
  if (migProfile !== null && migInstance === null) fatal.push(`MIG profile "${migProfile}" without GPU_I_ID`);
  if (migInstance !== null && migProfile === null)
    problems.push(`GPU_I_ID "${migInstance}" without GPU_I_PROFILE`);
  if (unknownLabels.length > 0 && fatal.length > 0) fatal.push(`unknown labels: ${unknownLabels.join(', ')}`);
  if (fatal.length > 0 || node === null)
    return { device: null, problems: [...fatal, ...problems], unknownLabels };

  const deviceId = gpu ?? `uuid:${uuid}`;
  const key = `${node}/${deviceId}/${migInstance ?? ''}`;
  return {
    device: {
      key,
      node,
      gpu: gpu ?? '',
      uuid,
      modelName: nonEmpty(labels.modelName),
      migProfile,
      migInstance,
      driverVersion: nonEmpty(labels.DCGM_FI_DRIVER_VERSION),
      pod: podOf(labels, problems),
      dra: draOf(labels),
      vgpu: nonEmpty(labels.vgpu),
    },
    problems,
    unknownLabels,
  };
}
