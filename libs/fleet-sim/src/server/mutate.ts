import type { IncomingMessage, ServerResponse } from 'node:http';
import { toKubeTime } from '../clock.ts';
import { arr, isRecord, rec, str } from '../model/access.ts';
import type { SimCluster } from '../model/cluster.ts';
import { groupVersion, type ResourceType } from '../model/resources.ts';
import type { KubeObject } from '../model/types.ts';
import { NAME_SUFFIX_ALPHABET } from '../random.ts';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.ts';
import {
  sendAlreadyExists,
  sendBadRequest,
  sendConflict,
  sendInvalid,
  sendJson,
  sendObjectNotFound,
  sendStatus,
} from './status.ts';

const MAX_BODY = 3 * 1024 * 1024;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Reads a request body as JSON; undefined after answering 400/413 itself. */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) {
      sendStatus(res, 413, 'RequestEntityTooLarge', 'the request is too large');
      return undefined;
    }
    chunks.push(buf);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    sendBadRequest(res, `the object provided is unrecognized: ${(error as Error).message}`);
    return undefined;
  }
}

interface Cause {
  field: string;
  message: string;
  reason?: string;
}

/** Validation the real API would run, reduced to what scenario scripts and tests trip over. */
function validate(type: ResourceType, object: KubeObject): Cause[] {
  const causes: Cause[] = [];
  const name = object.metadata.name;
  const nameRule = type.name === 'namespaces' ? LABEL : SUBDOMAIN;
  if (!name) {
    causes.push({
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
      reason: 'FieldValueRequired',
    });
  } else if (!nameRule.test(name) || name.length > (type.name === 'namespaces' ? 63 : 253)) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${type.name === 'namespaces' ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
  if (type.name === 'pods') {
    const containers = arr(rec(object.spec).containers);
    if (containers.length === 0) {
      causes.push({ field: 'spec.containers', message: 'Required value', reason: 'FieldValueRequired' });
    }
    containers.forEach((c, i) => {
      if (!str(rec(c).name))
        causes.push({
          field: `spec.containers[${i}].name`,
          message: 'Required value',
          reason: 'FieldValueRequired',
        });
      if (!str(rec(c).image))
        causes.push({
          field: `spec.containers[${i}].image`,
          message: 'Required value',
          reason: 'FieldValueRequired',
        });
    });
  }
  if (type.name === 'deployments' || type.name === 'replicasets') {
    const spec = rec(object.spec);
    const selector = rec(rec(spec.selector).matchLabels);
    const labels = rec(rec(rec(spec.template).metadata).labels);
    if (Object.keys(selector).length === 0 && arr(rec(spec.selector).matchExpressions).length === 0) {
      causes.push({ field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' });
    } else if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
      causes.push({
        field: 'spec.template.metadata.labels',
        message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
      });
    }
  }
  return causes;
}

/** metav1.MicroTime's layout: the API server parses exactly six fractional digits, never zero-fills. */
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

/**
 * A Lease's acquireTime/renewTime are MicroTime: a stamp like `Date#toISOString()` (three digits) is
 * refused at decoding with 400, in the real server's words.
 */
function microTimeProblem(type: ResourceType, body: Record<string, unknown>): string | null {
  if (type.name !== 'leases') return null;
  const spec = rec(body.spec);
  for (const field of ['acquireTime', 'renewTime']) {
    const value = spec[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && MICRO_TIME.test(value)) continue;
    const text = String(value);
    const fraction = /(\.\d*)?(Z|[+-]\d{2}:\d{2})?$/.exec(text)?.[0] ?? text;
    return `parsing time "${text}" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "${fraction}" as ".000000"`;
  }
  return null;
}

function normalizeIncoming(
  type: ResourceType,
  body: unknown,
  namespace: string | undefined,
  res: ServerResponse,
): KubeObject | undefined {
  if (!isRecord(body)) {
    sendBadRequest(res, 'the object provided is unrecognized (must be a JSON object)');
    return undefined;
  }
  const kind = body.kind ?? type.kind;
  const apiVersion = body.apiVersion ?? groupVersion(type);
  if (kind !== type.kind) {
    sendBadRequest(
      res,
      `the kind in the data (${String(kind)}) does not match the expected kind (${type.kind})`,
    );
    return undefined;
  }
  if (apiVersion !== groupVersion(type)) {
    sendBadRequest(
      res,
      `the API version in the data (${String(apiVersion)}) does not match the expected API version (${groupVersion(type)})`,
    );
    return undefined;
  }
  const badTime = microTimeProblem(type, body);
  if (badTime !== null) {
    sendBadRequest(res, `${type.kind} in version "v1" cannot be handled as a ${type.kind}: ${badTime}`);
    return undefined;
  }
  const meta = rec(body.metadata);
  const metaNamespace = str(meta.namespace);
  if (type.namespaced && metaNamespace && namespace && metaNamespace !== namespace) {
    sendBadRequest(
      res,
      'the namespace of the provided object does not match the namespace sent on the request',
    );
    return undefined;
  }
  const object = { ...body, kind: type.kind, apiVersion: groupVersion(type) } as KubeObject;
  object.metadata = {
    ...meta,
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    creationTimestamp: str(meta.creationTimestamp) ?? '',
  };
  if (type.namespaced && namespace) object.metadata.namespace = namespace;
  if (!type.namespaced) delete object.metadata.namespace;
  return object;
}

function isDryRun(params: URLSearchParams): boolean {
  return params.getAll('dryRun').includes('All');
}

/** POST to a collection: validation, generateName, namespace existence, AlreadyExists, dryRun=All. */
export async function serveCreate(
  cluster: SimCluster,
  type: ResourceType,
  namespace: string | undefined,
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonBody(req, res);
  if (body === undefined) return;
  const object = normalizeIncoming(type, body, namespace, res);
  if (!object) return;
  if (object.metadata.resourceVersion) {
    return sendBadRequest(res, 'resourceVersion should not be set on objects to be created');
  }
  if (!object.metadata.name && object.metadata.generateName) {
    object.metadata.name = `${object.metadata.generateName}${cluster.random.string(5, NAME_SUFFIX_ALPHABET)}`;
  }
  const causes = validate(type, object);
  if (causes.length > 0) return sendInvalid(res, type, object.metadata.name, causes);
  if (type.namespaced && namespace && !cluster.store.get('namespaces', undefined, namespace)) {
    return sendStatus(res, 404, 'NotFound', `namespaces "${namespace}" not found`, {
      name: namespace,
      kind: 'namespaces',
    });
  }
  if (cluster.store.get(type.name, object.metadata.namespace, object.metadata.name)) {
    return sendAlreadyExists(res, type, object.metadata.name);
  }
  if (type.name === 'pods' && !isRecord(object.status))
    object.status = { phase: 'Pending', qosClass: 'BestEffort' };
  if (type.name === 'namespaces') {
    object.metadata.labels = {
      ...object.metadata.labels,
      'kubernetes.io/metadata.name': object.metadata.name,
    };
    object.status = { phase: 'Active' };
  }
  if (isDryRun(params)) {
    object.metadata.uid = cluster.random.uuid();
    object.metadata.creationTimestamp = toKubeTime(cluster.clock.now());
    if (type.hasGeneration) object.metadata.generation = 1;
    return sendJson(res, 201, object);
  }
  object.metadata.uid = '';
  object.metadata.creationTimestamp = '';
  sendJson(res, 201, cluster.store.create(type.name, object));
}

/**
 * Applies a new desired object to an existing one: the main resource keeps the stored status, the
 * status subresource changes only status (like resources with a status subresource on a real server).
 */
function applyUpdate(
  type: ResourceType,
  current: KubeObject,
  desired: KubeObject,
  subresource: string | undefined,
): KubeObject {
  if (subresource === 'status') return { ...structuredClone(current), status: desired.status };
  const next = { ...desired };
  if (type.subresources.includes('status') && current.status !== undefined)
    next.status = structuredClone(current.status);
  return next;
}

function finishUpdate(
  cluster: SimCluster,
  type: ResourceType,
  current: KubeObject,
  desired: KubeObject,
  params: URLSearchParams,
  res: ServerResponse,
): void {
  const expected = desired.metadata.resourceVersion;
  if (expected && expected !== current.metadata.resourceVersion) {
    sendConflict(res, type, current.metadata.name);
    return;
  }
  if (desired.metadata.name !== current.metadata.name) {
    sendBadRequest(
      res,
      `the name of the object (${desired.metadata.name}) does not match the name on the URL (${current.metadata.name})`,
    );
    return;
  }
  const causes = validate(type, desired);
  if (causes.length > 0) {
    sendInvalid(res, type, desired.metadata.name, causes);
    return;
  }
  if (isDryRun(params)) {
    sendJson(res, 200, desired);
    return;
  }
  sendJson(res, 200, cluster.store.put(type.name, desired));
}

/** PUT to an object (or its status). */
export async function serveReplace(
  cluster: SimCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readJsonBody(req, res);
  if (body === undefined) return;
  const current = cluster.store.get(type.name, namespace, name);
  if (!current) return sendObjectNotFound(res, type, name);
  const incoming = normalizeIncoming(type, body, namespace, res);
  if (!incoming) return;
  finishUpdate(cluster, type, current, applyUpdate(type, current, incoming, subresource), params, res);
}

/** PATCH: merge-patch, strategic-merge-patch (treated as merge) and JSON patch. */
export async function servePatch(
  cluster: SimCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const apply =
    contentType === 'application/merge-patch+json'
      ? mergePatch
      : contentType === 'application/strategic-merge-patch+json'
        ? strategicMergePatch
        : contentType === 'application/json-patch+json'
          ? jsonPatch
          : undefined;
  if (!apply) {
    return sendStatus(
      res,
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
    );
  }
  const body = await readJsonBody(req, res);
  if (body === undefined) return;
  const current = cluster.store.get(type.name, namespace, name);
  if (!current) return sendObjectNotFound(res, type, name);
  let patched: unknown;
  try {
    patched = apply(structuredClone(current), body);
  } catch (error) {
    if (error instanceof PatchError) return sendStatus(res, 422, 'Invalid', error.message);
    throw error;
  }
  const incoming = normalizeIncoming(type, patched, namespace, res);
  if (!incoming) return;
  finishUpdate(cluster, type, current, applyUpdate(type, current, incoming, subresource), params, res);
}

/** DELETE an object; namespaces take their contents with them. Returns the deleted object. */
export function serveDelete(
  cluster: SimCluster,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  params: URLSearchParams,
  res: ServerResponse,
): void {
  const current = cluster.store.get(type.name, namespace, name);
  if (!current) {
    sendObjectNotFound(res, type, name);
    return;
  }
  if (isDryRun(params)) {
    sendJson(res, 200, current);
    return;
  }
  if (type.name === 'namespaces') {
    for (const resource of [
      'pods',
      'replicasets',
      'deployments',
      'statefulsets',
      'daemonsets',
      'services',
      'endpointslices',
      'events',
      'configmaps',
    ]) {
      for (const o of cluster.store.list(resource)) {
        if (o.metadata.namespace === name) cluster.store.remove(resource, name, o.metadata.name);
      }
    }
  }
  sendJson(res, 200, cluster.store.remove(type.name, namespace, name));
}
