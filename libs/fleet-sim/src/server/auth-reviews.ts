import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonObject } from '../model/types.ts';
import { readJsonBody } from './mutate.ts';
import { sendBadRequest, sendJson, sendStatus } from './status.ts';

/** Who a bearer token stands for, as an authenticator (webhook, OIDC, service account) would say. */
export interface SimAuthUser {
  username: string;
  uid?: string;
  groups?: string[];
  /** Audiences the token is valid for; absent: the API server's own (any requested one is accepted). */
  audiences?: string[];
}

/**
 * One RBAC grant, as a (Cluster)RoleBinding of a (Cluster)Role reduces to: a subject, verbs, resources
 * and API groups ("*" matches all), and the namespaces it holds in (absent: cluster-wide, like a
 * ClusterRoleBinding; listed: RoleBindings in those namespaces only).
 */
export interface SimRbacRule {
  subject: { kind: 'User' | 'Group'; name: string };
  verbs: string[];
  resources: string[];
  apiGroups?: string[];
  namespaces?: string[];
  /** Named in the allow reason, as RBAC names the binding; default "sim-binding". */
  binding?: string;
}

/**
 * The authentication and authorization a simulated API server answers TokenReview and
 * SubjectAccessReview with: a token → user map and an RBAC rule table, set by tests (server.auth) or a
 * scenario. Empty by default: every token unknown, every access denied.
 */
export class SimAuth {
  #tokens = new Map<string, SimAuthUser>();
  #rules: SimRbacRule[] = [];
  /** Reviews answered, by kind (tests count cache hits with it). */
  readonly served = { tokenReviews: 0, subjectAccessReviews: 0 };

  setTokens(tokens: Record<string, SimAuthUser>): void {
    this.#tokens = new Map(Object.entries(tokens));
  }

  setRules(rules: readonly SimRbacRule[]): void {
    this.#rules = [...rules];
  }

  user(token: string): SimAuthUser | undefined {
    return this.#tokens.get(token);
  }

  /** The rule that grants the access, when one does (RBAC only ever allows; no rule is "no opinion"). */
  grant(
    user: string,
    groups: readonly string[],
    attrs: { verb: string; resource: string; group: string; namespace: string },
  ): SimRbacRule | undefined {
    const has = (list: readonly string[] | undefined, value: string, fallback: readonly string[]): boolean =>
      (list ?? fallback).some((v) => v === '*' || v === value);
    return this.#rules.find(
      (r) =>
        (r.subject.kind === 'User' ? r.subject.name === user : groups.includes(r.subject.name)) &&
        has(r.verbs, attrs.verb, []) &&
        has(r.resources, attrs.resource, []) &&
        has(r.apiGroups, attrs.group, ['']) &&
        // A namespaced grant never answers a cluster-wide question (namespace "": all namespaces).
        (r.namespaces === undefined || (attrs.namespace !== '' && r.namespaces.includes(attrs.namespace))),
    );
  }
}

export const TOKEN_REVIEW_PATH = '/apis/authentication.k8s.io/v1/tokenreviews';
export const SUBJECT_ACCESS_REVIEW_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

/** Discovery of the two review APIs, as kube-apiserver lists them. */
export const AUTH_GROUPS: ReadonlyArray<{ group: string; kind: string; resource: string }> = [
  { group: 'authentication.k8s.io', kind: 'TokenReview', resource: 'tokenreviews' },
  { group: 'authorization.k8s.io', kind: 'SubjectAccessReview', resource: 'subjectaccessreviews' },
];

/** `/apis/<group>` for a review group, or undefined. */
export function authApiGroup(group: string): JsonObject | undefined {
  if (!AUTH_GROUPS.some((g) => g.group === group)) return undefined;
  const gv = { groupVersion: `${group}/v1`, version: 'v1' };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [gv], preferredVersion: gv };
}

/** `/apis/<group>/v1` for a review group, or undefined. */
export function authResourceList(group: string, version: string): JsonObject | undefined {
  const found = AUTH_GROUPS.find((g) => g.group === group);
  if (!found || version !== 'v1') return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${group}/v1`,
    resources: [
      { name: found.resource, singularName: '', namespaced: false, kind: found.kind, verbs: ['create'] },
    ],
  };
}

/** Answers POST to a review path; false when the path is not one (the caller routes on). */
export async function serveAuthReview(
  auth: SimAuth,
  pathname: string,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const kind =
    pathname === TOKEN_REVIEW_PATH
      ? 'TokenReview'
      : pathname === SUBJECT_ACCESS_REVIEW_PATH
        ? 'SubjectAccessReview'
        : null;
  if (kind === null) return false;
  if (method !== 'POST') {
    sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
    return true;
  }
  const body = await readJsonBody(req, res);
  if (body === undefined) return true;
  const apiVersion = kind === 'TokenReview' ? 'authentication.k8s.io/v1' : 'authorization.k8s.io/v1';
  const object = decodeReview(body, kind, apiVersion, res);
  if (!object) return true;
  if (kind === 'TokenReview') tokenReview(auth, object, res);
  else subjectAccessReview(auth, object, res);
  return true;
}

/** The decoder's checks and its 400s, in the real server's words. */
function decodeReview(
  body: unknown,
  kind: string,
  apiVersion: string,
  res: ServerResponse,
): Record<string, unknown> | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    sendBadRequest(res, 'the object provided is unrecognized (must be a JSON object)');
    return undefined;
  }
  const object = body as Record<string, unknown>;
  const compact = JSON.stringify(object);
  if (typeof object.kind !== 'string' || object.kind === '') {
    sendBadRequest(res, `Object 'Kind' is missing in '${compact}'`);
    return undefined;
  }
  if (object.apiVersion !== apiVersion) {
    sendBadRequest(
      res,
      `the API version in the data (${String(object.apiVersion ?? '')}) does not match the expected API version (${apiVersion})`,
    );
    return undefined;
  }
  if (object.kind !== kind) {
    sendBadRequest(res, `${String(object.kind)} in version "v1" cannot be handled as a ${kind}`);
    return undefined;
  }
  const spec = object.spec;
  if (spec !== undefined && (spec === null || typeof spec !== 'object' || Array.isArray(spec))) {
    sendBadRequest(
      res,
      `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${typeof spec} into Go struct field ${kind}.spec`,
    );
    return undefined;
  }
  return object;
}

function tokenReview(auth: SimAuth, object: Record<string, unknown>, res: ServerResponse): void {
  auth.served.tokenReviews++;
  const spec = (object.spec ?? {}) as { token?: unknown; audiences?: unknown };
  if (typeof spec.token !== 'string' || spec.token === '') {
    sendBadRequest(res, 'token is required for TokenReview in authentication');
    return;
  }
  const wanted = Array.isArray(spec.audiences)
    ? spec.audiences.filter((a): a is string => typeof a === 'string')
    : [];
  const user = auth.user(spec.token);
  let status: JsonObject;
  if (!user) {
    status = { user: {} };
  } else {
    const valid = user.audiences ?? wanted;
    const audiences = wanted.length === 0 ? valid : wanted.filter((a) => valid.includes(a));
    status =
      wanted.length > 0 && audiences.length === 0
        ? {
            user: {},
            error: `token audiences ${JSON.stringify(user.audiences ?? [])} is invalid for the target audiences ${JSON.stringify(wanted)}`,
          }
        : {
            authenticated: true,
            user: {
              username: user.username,
              ...(user.uid ? { uid: user.uid } : {}),
              groups: [...(user.groups ?? []), 'system:authenticated'],
            },
            ...(audiences.length > 0 ? { audiences } : {}),
          };
  }
  sendJson(res, 201, {
    kind: 'TokenReview',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { token: spec.token, ...(wanted.length > 0 ? { audiences: wanted } : {}) },
    status,
  });
}

function subjectAccessReview(auth: SimAuth, object: Record<string, unknown>, res: ServerResponse): void {
  auth.served.subjectAccessReviews++;
  const spec = (object.spec ?? {}) as {
    user?: unknown;
    groups?: unknown;
    resourceAttributes?: Record<string, unknown>;
    nonResourceAttributes?: Record<string, unknown>;
  };
  const user = typeof spec.user === 'string' ? spec.user : '';
  const groups = Array.isArray(spec.groups)
    ? spec.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const causes: { field: string; message: string; reason: string }[] = [];
  const resource = spec.resourceAttributes;
  if ((resource === undefined) === (spec.nonResourceAttributes === undefined)) {
    causes.push({
      field: 'spec.resourceAttributes',
      message: `Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`,
      reason: 'FieldValueInvalid',
    });
  }
  if (user === '' && groups.length === 0) {
    causes.push({
      field: 'spec.user',
      message: 'Invalid value: "": at least one of user or group must be specified',
      reason: 'FieldValueInvalid',
    });
  }
  if (causes.length > 0) {
    // Validation failures are 422 Invalid, as kube-apiserver answers them.
    sendStatus(
      res,
      422,
      'Invalid',
      `SubjectAccessReview.authorization.k8s.io "" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
      { group: 'authorization.k8s.io', kind: 'SubjectAccessReview', causes },
    );
    return;
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const grant = resource
    ? auth.grant(user, groups, {
        verb: text(resource.verb),
        resource: text(resource.resource),
        group: text(resource.group),
        namespace: text(resource.namespace),
      })
    : undefined;
  const subject = user !== '' ? `User "${user}"` : `Group "${groups[0]}"`;
  sendJson(res, 201, {
    kind: 'SubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: object.spec as JsonObject,
    status: grant
      ? {
          allowed: true,
          reason: `RBAC: allowed by ClusterRoleBinding "${grant.binding ?? 'sim-binding'}" of ClusterRole "${grant.binding ?? 'sim-binding'}" to ${subject}`,
        }
      : { allowed: false },
  });
}
