import type { ServerResponse } from 'node:http';
import type { ResourceType } from '../model/resources.ts';
import type { JsonObject } from '../model/types.ts';

/** A meta/v1 Status object, shaped exactly like the API server's. */
export function statusObject(
  code: number,
  reason: string,
  message: string,
  details?: JsonObject,
): JsonObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** Writes a JSON body (with Content-Length) unless the response is already gone. */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Writes an already serialized JSON body (with Content-Length) unless the response is already gone. */
export function sendJsonText(res: ServerResponse, code: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: JsonObject,
): void {
  sendJson(res, code, statusObject(code, reason, message, details));
}

/** `pods` or `deployments.apps`, as error messages name a resource. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.name : `${type.name}.${type.group}`;
}

function details(type: ResourceType, name?: string): JsonObject {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(type.group ? { group: type.group } : {}),
    kind: type.name,
  };
}

/** 404 for a path the server does not serve. */
export function sendUnknownPath(res: ServerResponse): void {
  sendStatus(res, 404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 404 for a missing object: `pods "x" not found`. */
export function sendObjectNotFound(res: ServerResponse, type: ResourceType, name: string): void {
  sendStatus(res, 404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, details(type, name));
}

export function sendAlreadyExists(res: ServerResponse, type: ResourceType, name: string): void {
  sendStatus(
    res,
    409,
    'AlreadyExists',
    `${qualifiedName(type)} "${name}" already exists`,
    details(type, name),
  );
}

export function sendConflict(res: ServerResponse, type: ResourceType, name: string): void {
  sendStatus(
    res,
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(type, name),
  );
}

export function sendBadRequest(res: ServerResponse, message: string): void {
  sendStatus(res, 400, 'BadRequest', message);
}

/** 422 Invalid, with the field causes a real validation error carries. */
export function sendInvalid(
  res: ServerResponse,
  type: ResourceType,
  name: string,
  causes: { field: string; message: string; reason?: string }[],
): void {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  sendStatus(res, 422, 'Invalid', `${type.kind} "${name}" is invalid: ${summary}`, {
    ...details(type, name),
    kind: type.kind,
    causes: causes.map((c) => ({
      reason: c.reason ?? 'FieldValueInvalid',
      message: c.message,
      field: c.field,
    })),
  });
}

/** 403 as RBAC words it for the fleetscope service account. */
export function sendForbidden(
  res: ServerResponse,
  type: ResourceType,
  verb: string,
  namespace?: string,
): void {
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  sendStatus(
    res,
    403,
    'Forbidden',
    `${qualifiedName(type)} is forbidden: User "system:serviceaccount:fleetscope:fleetscope" cannot ${verb} resource "${type.name}" in API group "${type.group}" ${scope}`,
    details(type),
  );
}

/** A generic error status for injected HTTP failures. */
export function sendHttpError(res: ServerResponse, code: number): void {
  const reasons: Record<number, [string, string]> = {
    429: ['TooManyRequests', 'Too many requests, please try again later.'],
    500: ['InternalError', 'Internal error occurred: simulated failure'],
    503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
    504: ['Timeout', 'Timeout: request did not complete within the allotted timeout'],
  };
  const [reason, message] = reasons[code] ?? ['InternalError', `simulated HTTP ${code}`];
  sendStatus(res, code, reason, message, {});
}

/**
 * 429 as API Priority and Fairness answers it: a Retry-After header and the same seconds in
 * `details.retryAfterSeconds`.
 */
export function sendTooManyRequests(res: ServerResponse, retryAfterSeconds: number): void {
  if (res.headersSent || res.destroyed) return;
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendStatus(res, 429, 'TooManyRequests', 'Too many requests, please try again later.', {
    retryAfterSeconds,
  });
}
