import type { SimGpuDevice } from './devices.ts';
import type { DcgmLabelStyle } from './spec.ts';

interface Family {
  name: string;
  help: string;
  /** The value for a device, or null when this device does not report the counter. */
  value: (d: SimGpuDevice, profiling: boolean) => number | null;
}

const FAMILIES: readonly Family[] = [
  {
    name: 'DCGM_FI_DEV_GPU_UTIL',
    help: 'GPU utilization (in %).',
    // Not reported for MIG instances; nor for a MIG parent (its work is on its instances).
    value: (d) => (d.migInstance === null && d.activity !== null ? Math.round(d.activity * 100) : null),
  },
  {
    name: 'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
    help: 'Ratio of time the graphics engine is active.',
    value: (d, profiling) =>
      profiling && d.activity !== null ? Math.round(d.activity * 10_000) / 10_000 : null,
  },
  {
    name: 'DCGM_FI_DEV_FB_FREE',
    help: 'Frame buffer memory free (in MiB).',
    value: (d) => (d.activity === null ? null : d.fbTotalMiB - d.fbUsedMiB),
  },
  {
    name: 'DCGM_FI_DEV_FB_USED',
    help: 'Frame buffer memory used (in MiB).',
    value: (d) => (d.activity === null ? null : d.fbUsedMiB),
  },
  { name: 'DCGM_FI_DEV_GPU_TEMP', help: 'GPU temperature (in C).', value: (d) => d.temperatureC },
  { name: 'DCGM_FI_DEV_POWER_USAGE', help: 'Power draw (in W).', value: (d) => d.powerWatts },
  { name: 'DCGM_FI_DEV_XID_ERRORS', help: 'Value of the last XID error encountered.', value: (d) => d.xid },
  {
    name: 'DCGM_FI_DEV_ROW_REMAP_FAILURE',
    help: 'Whether remapping of rows has failed',
    value: (d) => d.rowRemapFailure,
  },
];

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function labelsOf(d: SimGpuDevice, style: DcgmLabelStyle): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['gpu', String(d.gpu)],
    [style === 'legacy' ? 'uuid' : 'UUID', d.uuid],
    ['pci_bus_id', d.pciBusId],
    ['device', `nvidia${d.gpu}`],
    ['modelName', d.modelName],
  ];
  if (d.migProfile !== null && d.migInstance !== null) {
    out.push(['GPU_I_PROFILE', d.migProfile], ['GPU_I_ID', String(d.migInstance)]);
  }
  out.push([style === 'lowercase-hostname' ? 'hostname' : 'Hostname', d.node]);
  out.push(['DCGM_FI_DRIVER_VERSION', d.driverVersion]);
  // The pod-resources socket names one pod per device: with time-slicing only the first gets labels.
  const pod = d.pods[0];
  if (pod !== undefined) {
    const legacy = style === 'legacy';
    out.push(
      [legacy ? 'container_name' : 'container', pod.container],
      [legacy ? 'pod_namespace' : 'namespace', pod.namespace],
      [legacy ? 'pod_name' : 'pod', pod.name],
    );
  }
  return out;
}

/** dcgm-exporter's text exposition for these devices (one node's, or a cluster's with the host label). */
export function renderDcgmExposition(
  devices: readonly SimGpuDevice[],
  style: DcgmLabelStyle,
  profiling: boolean,
): string {
  const lines: string[] = [];
  for (const family of FAMILIES) {
    const rows: string[] = [];
    for (const d of devices) {
      const v = family.value(d, profiling);
      if (v === null) continue;
      const labels = labelsOf(d, style)
        .map(([k, value]) => `${k}="${escapeLabel(value)}"`)
        .join(',');
      rows.push(`${family.name}{${labels}} ${v}`);
    }
    if (rows.length === 0) continue;
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} gauge`, ...rows);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
