import type { PodTemplateSummary, TemplateContainer } from '@fleetscope/types';
import {
  describeValue,
  elementObject,
  fail,
  isObject,
  type JsonObject,
  optionalArray,
  optionalObject,
  optionalString,
} from './fields.ts';

const AFFINITY_MAX = 300;

/** JSON with object keys sorted, so equal affinities compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** "httpGet :8080/ready (delay 5s, period 10s, timeout 1s, failures 3)"; null when absent. */
function probeText(container: JsonObject, key: string, path: string): string | null {
  const probe = optionalObject(container, key, path);
  if (probe === undefined) return null;
  let how = 'probe';
  const http = optionalObject(probe, 'httpGet', `${path}.${key}`);
  const tcp = optionalObject(probe, 'tcpSocket', `${path}.${key}`);
  const exec = optionalObject(probe, 'exec', `${path}.${key}`);
  const grpc = optionalObject(probe, 'grpc', `${path}.${key}`);
  if (http !== undefined) how = `httpGet :${scalar(http.port)}${scalar(http.path)}`;
  else if (tcp !== undefined) how = `tcpSocket :${scalar(tcp.port)}`;
  else if (grpc !== undefined) how = `grpc :${scalar(grpc.port)}`;
  else if (exec !== undefined) {
    const command = Array.isArray(exec.command) ? exec.command.map(scalar).join(' ') : '';
    how = `exec ${command}`.trim();
  }
  const timing = [
    ['initialDelaySeconds', 'delay'],
    ['periodSeconds', 'period'],
    ['timeoutSeconds', 'timeout'],
  ]
    .filter(([field]) => probe[field as string] !== undefined)
    .map(([field, word]) => `${word} ${scalar(probe[field as string])}s`);
  if (probe.failureThreshold !== undefined) timing.push(`failures ${scalar(probe.failureThreshold)}`);
  return timing.length === 0 ? how : `${how} (${timing.join(', ')})`;
}

function quantities(resources: JsonObject, key: string, path: string): string {
  const map = optionalObject(resources, key, path);
  if (map === undefined) return '';
  const pairs = Object.keys(map)
    .sort()
    .map((name) => `${name}=${scalar(map[name])}`);
  return pairs.length === 0 ? '' : `${key} ${pairs.join(' ')}`;
}

function containerSummary(raw: unknown, path: string, index: number, init: boolean): TemplateContainer {
  const c = elementObject(raw, path, index);
  const at = `${path}[${index}]`;
  const env = optionalArray(c, 'env', at)
    .map((e, i) => optionalString(elementObject(e, `${at}.env`, i), 'name', `${at}.env[${i}]`))
    .filter((name) => name !== '')
    .sort();
  const resources = optionalObject(c, 'resources', at) ?? {};
  return {
    name: optionalString(c, 'name', at),
    init,
    image: optionalString(c, 'image', at),
    envNames: env,
    readinessProbe: probeText(c, 'readinessProbe', at),
    livenessProbe: probeText(c, 'livenessProbe', at),
    startupProbe: probeText(c, 'startupProbe', at),
    resources: [
      quantities(resources, 'requests', `${at}.resources`),
      quantities(resources, 'limits', `${at}.resources`),
    ]
      .filter((x) => x !== '')
      .join('; '),
  };
}

function volumeText(raw: unknown, index: number): string {
  const v = elementObject(raw, 'spec.template.spec.volumes', index);
  const name = optionalString(v, 'name', `spec.template.spec.volumes[${index}]`);
  const claim = isObject(v.persistentVolumeClaim) ? scalar(v.persistentVolumeClaim.claimName) : null;
  if (claim !== null) return `${name}: pvc ${claim}`;
  if (isObject(v.configMap)) return `${name}: configMap ${scalar(v.configMap.name)}`;
  if (isObject(v.secret)) return `${name}: secret ${scalar(v.secret.secretName)}`;
  const source = Object.keys(v).find((k) => k !== 'name');
  return source === undefined ? name : `${name}: ${source}`;
}

function tolerationText(raw: unknown, index: number): string {
  const t = elementObject(raw, 'spec.template.spec.tolerations', index);
  const key = scalar(t.key);
  const effect = scalar(t.effect) || '*';
  if (t.operator === 'Exists') return `${key === '' ? '*' : key} exists:${effect}`;
  return `${key}=${scalar(t.value)}:${effect}`;
}

/**
 * The parts of a pod template (`spec.template`) a rollout's diff compares: per container its image,
 * env var names, probes and resources; node selector, affinity, tolerations, service account,
 * runtime class and volumes. Undefined when the object has no template spec.
 */
export function readPodTemplate(spec: JsonObject): PodTemplateSummary | undefined {
  const template = optionalObject(spec, 'template', 'spec');
  const pod = template === undefined ? undefined : optionalObject(template, 'spec', 'spec.template');
  if (pod === undefined) return undefined;
  const path = 'spec.template.spec';
  const selector = optionalObject(pod, 'nodeSelector', path) ?? {};
  const affinity = pod.affinity;
  if (affinity !== undefined && affinity !== null && !isObject(affinity)) {
    fail(`${path}.affinity is not an object: ${describeValue(affinity)}`);
  }
  const affinityText = isObject(affinity) && Object.keys(affinity).length > 0 ? canonical(affinity) : '';
  return {
    containers: [
      ...optionalArray(pod, 'initContainers', path).map((c, i) =>
        containerSummary(c, `${path}.initContainers`, i, true),
      ),
      ...optionalArray(pod, 'containers', path).map((c, i) =>
        containerSummary(c, `${path}.containers`, i, false),
      ),
    ],
    nodeSelector: Object.keys(selector)
      .sort()
      .map((k) => `${k}=${scalar(selector[k])}`),
    affinity: affinityText.length > AFFINITY_MAX ? `${affinityText.slice(0, AFFINITY_MAX)}…` : affinityText,
    tolerations: optionalArray(pod, 'tolerations', path).map(tolerationText).sort(),
    serviceAccount: optionalString(pod, 'serviceAccountName', path),
    runtimeClass: optionalString(pod, 'runtimeClassName', path),
    volumes: optionalArray(pod, 'volumes', path).map(volumeText).sort(),
  };
}
