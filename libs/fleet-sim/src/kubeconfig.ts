import { writeFileSync } from 'node:fs';

/** What a kubeconfig entry needs from a running server. */
export interface KubeconfigTarget {
  cluster: { name: string };
  url: string;
}

function quote(value: string): string {
  return JSON.stringify(value);
}

/**
 * A kubeconfig (YAML) with one cluster, user and context per simulated cluster; context name = cluster
 * name; no credentials (the simulator does not authenticate). The first cluster is the current context.
 * Plain-http servers get `insecure-skip-tls-verify: true`: @kubernetes/client-node 2.x rejects http
 * otherwise ("HTTP protocol is not allowed when skipTLSVerify is not set or false"); kubectl ignores it.
 */
export function kubeconfigYaml(targets: readonly KubeconfigTarget[]): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'preferences: {}', 'clusters:'];
  for (const t of targets) {
    lines.push(`- name: ${quote(t.cluster.name)}`, '  cluster:', `    server: ${quote(t.url)}`);
    // @kubernetes/client-node 2.x refuses plain http unless TLS verification is explicitly skipped.
    if (t.url.startsWith('http:')) lines.push('    insecure-skip-tls-verify: true');
  }
  lines.push('users:');
  for (const t of targets) lines.push(`- name: ${quote(`${t.cluster.name}-user`)}`, '  user: {}');
  lines.push('contexts:');
  for (const t of targets) {
    lines.push(
      `- name: ${quote(t.cluster.name)}`,
      '  context:',
      `    cluster: ${quote(t.cluster.name)}`,
      `    user: ${quote(`${t.cluster.name}-user`)}`,
    );
  }
  lines.push(`current-context: ${quote(targets[0]?.cluster.name ?? '')}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the kubeconfig for `targets` to `path` (mode 0600, like kubectl does). */
export function writeKubeconfig(targets: readonly KubeconfigTarget[], path: string): void {
  writeFileSync(path, kubeconfigYaml(targets), { mode: 0o600 });
}
