/**
 * Admission failures as the API server words them when a controller cannot create a pod. The
 * ReplicaSet's ReplicaFailure condition carries the error (`admission webhook "x" denied the
 * request: …`); its FailedCreate event prefixes it with "Error creating: "; a StatefulSet's event
 * says `create Pod web-0 in StatefulSet web failed error: …`. Forms recognised:
 *
 * - `admission webhook "<name>" denied the request: <reason>` (also "… without explanation"):
 *   the webhook answered and said no — a policy decision;
 * - `failed calling webhook "<name>": <error>` (older: `failed calling admission webhook`): the
 *   API server could not get an answer (timeout, TLS, no endpoints) and the webhook fails closed;
 * - `<resource> "<name>" is forbidden: ValidatingAdmissionPolicy '<policy>' with binding '<binding>'
 *   denied request: <message>`: an in-process CEL policy said no.
 *
 * The engine is told from the webhook's name where a policy engine names its webhooks after itself
 * (Kyverno's `*.kyverno.svc*`, Gatekeeper's `*.gatekeeper.sh`); else it is a plain webhook.
 */

export type AdmissionEngine = 'Kyverno' | 'Gatekeeper' | 'ValidatingAdmissionPolicy' | 'webhook';

export interface AdmissionFailure {
  /** DENIED: the admission chain answered no. UNREACHABLE: a webhook could not be called. */
  outcome: 'DENIED' | 'UNREACHABLE';
  engine: AdmissionEngine;
  /** The webhook's name in its configuration, or the ValidatingAdmissionPolicy's name. */
  name: string;
  /** The policies a policy engine names in its denial (Kyverno policies, Gatekeeper constraints); may be empty. */
  policies: string[];
  /** What the API server said after the name, trimmed to one line. */
  detail: string;
}

const DENIED = /admission webhook "([^"]+)" denied the request(?::\s*|\s+)([\s\S]*)$/i;
const UNREACHABLE = /failed calling (?:admission )?webhook "([^"]+)":\s*([\s\S]*)$/i;
const POLICY =
  /ValidatingAdmissionPolicy '([^']+)'(?: with binding '([^']+)')? denied request:\s*([\s\S]*)$/i;

function engineOf(webhook: string): AdmissionEngine {
  if (/kyverno/i.test(webhook)) return 'Kyverno';
  if (/gatekeeper\.sh$/i.test(webhook)) return 'Gatekeeper';
  return 'webhook';
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * The policies named in a denial: Kyverno lists them as `<policy>:` lines after "blocked due to the
 * following policies"; Gatekeeper prefixes each violation with `[<constraint>]`.
 */
function policiesIn(engine: AdmissionEngine, text: string): string[] {
  const found = new Set<string>();
  if (engine === 'Kyverno') {
    const at = text.search(/following polic(?:y|ies)/i);
    if (at >= 0) {
      for (const m of text.slice(at).matchAll(/^\s*([a-z0-9][-a-z0-9.]*):\s*$/gim)) found.add(m[1] ?? '');
    }
  } else if (engine === 'Gatekeeper') {
    for (const m of text.matchAll(/\[([a-z0-9][-a-z0-9.]*)\]/gi)) found.add(m[1] ?? '');
  }
  found.delete('');
  return [...found].sort();
}

/** The admission failure a controller's error or event names; null when the text is no such failure. */
export function parseAdmissionFailure(text: string): AdmissionFailure | null {
  const policy = POLICY.exec(text);
  if (policy !== null) {
    return {
      outcome: 'DENIED',
      engine: 'ValidatingAdmissionPolicy',
      name: policy[1] ?? '',
      policies: policy[2] === undefined ? [] : [policy[2]],
      detail: oneLine(policy[3] ?? ''),
    };
  }
  const denied = DENIED.exec(text);
  if (denied !== null) {
    const name = denied[1] ?? '';
    const engine = engineOf(name);
    const rest = denied[2] ?? '';
    return {
      outcome: 'DENIED',
      engine,
      name,
      policies: policiesIn(engine, rest),
      detail: oneLine(rest) || 'denied without explanation',
    };
  }
  const unreachable = UNREACHABLE.exec(text);
  if (unreachable !== null) {
    const name = unreachable[1] ?? '';
    return {
      outcome: 'UNREACHABLE',
      engine: engineOf(name),
      name,
      policies: [],
      detail: oneLine(unreachable[2] ?? ''),
    };
  }
  return null;
}

/** "Kyverno webhook validate.kyverno.svc-fail", "ValidatingAdmissionPolicy require-team-label". */
export function admissionLabel(f: AdmissionFailure): string {
  if (f.engine === 'ValidatingAdmissionPolicy') return `ValidatingAdmissionPolicy ${f.name}`;
  return f.engine === 'webhook' ? `webhook ${f.name}` : `${f.engine} webhook ${f.name}`;
}

/**
 * The CNI plugin a sandbox failure names (`plugin type="calico" failed (add)`), "cni" for the older
 * dockershim wording (`networkPlugin cni failed to set up pod`) and for a runtime whose CNI is not
 * initialised; null when the text names no network failure.
 */
export function cniPluginOf(text: string): string | null {
  const typed = /plugin type="([^"]+)"/.exec(text);
  if (typed !== null) return typed[1] ?? null;
  if (
    /networkPlugin cni|cni plugin not initialized|failed to setup network|failed to set up sandbox container .* network|NetworkPluginNotReady/i.test(
      text,
    )
  ) {
    return 'cni';
  }
  return null;
}
