import { describe, expect, it } from 'vitest';
import { FindingsService } from '../../src/graphql/findings/findings.service.ts';
import { clusterWith, finding, ScriptedSnapshots } from '../support/findings.ts';

const nodeA = { kind: 'Node', namespace: null, name: 'a' };
const nodeB = { kind: 'Node', namespace: null, name: 'b' };
const webhook = { kind: 'ValidatingWebhookConfiguration', namespace: null, name: 'policy' };

const notReadyA = finding('east', 'node.not-ready', nodeA);
const notReadyB = finding('east', 'node.not-ready', nodeB, { severity: 'INFO', status: null });
const slowWebhook = finding('west', 'controlplane.admission.webhook-timeout', webhook, {
  plane: 'CONTROL',
  scope: 'CLUSTER',
  severity: 'CRITICAL',
  status: 'DOWN',
});

function setup() {
  const east = clusterWith('east', [notReadyA, notReadyB]);
  const west = clusterWith('west', [slowWebhook]);
  const snapshots = new ScriptedSnapshots([east, west]);
  return { east, west, snapshots, service: new FindingsService(snapshots.asFleetSnapshots()) };
}

const ids = (list: Array<{ id: string }>): string[] => list.map((f) => f.id);

describe('Cluster.findings and Fleet.findings', () => {
  it('filters by severity, plane and scope, and maps to the GraphQL shape', () => {
    const { east, service } = setup();
    expect(ids(service.ofCluster(east, {}, 100))).toEqual([notReadyA.id, notReadyB.id]);
    expect(ids(service.ofCluster(east, { minSeverity: 'WARNING' }, 100))).toEqual([notReadyA.id]);
    expect(service.ofCluster(east, { plane: 'CONTROL' }, 100)).toEqual([]);
    const [view] = service.ofCluster(east, { scope: 'NODE' }, 1);
    expect(view).toMatchObject({
      id: 'east/node.not-ready/Node/a',
      status: 'DEGRADED',
      attributes: [
        { key: 'node', value: 'a' },
        { key: 'pool', value: 'h100' },
      ],
      subjects: [{ kind: 'Node', namespace: null, name: 'a' }],
      observedAt: new Date(notReadyA.observedAt ?? 0),
    });
    expect(view?.evidence[0]).toMatchObject({ signal: 'node Ready', threshold: null, window: null });
  });

  it('lists the fleet worst first, at most `first`, and refuses a `first` out of range', () => {
    const { east, west, service } = setup();
    expect(ids(service.ofFleet([east, west], [], {}, 100))).toEqual([
      slowWebhook.id,
      notReadyA.id,
      notReadyB.id,
    ]);
    expect(ids(service.ofFleet([east, west], [], {}, 2))).toEqual([slowWebhook.id, notReadyA.id]);
    expect(() => service.ofFleet([east, west], [], {}, 501)).toThrow(
      /first must be an integer from 1 to 500/,
    );
    expect(() => service.ofFleet([east, west], [], {}, 0)).toThrow(/first/);
  });

  it('maps a finding once while its cluster does not change', () => {
    const { east, service } = setup();
    expect(service.ofCluster(east, {}, 1)[0]).toBe(service.ofCluster(east, {}, 1)[0]);
  });
});

describe('findingsChanged source stream', () => {
  it('starts with the current set as opened, then sends only non-empty changes', async () => {
    const { east, west, snapshots, service } = setup();
    const stream = service.changes({});
    const first = (await stream.next()).value;
    expect(ids(first.value.opened)).toEqual([slowWebhook.id, notReadyA.id, notReadyB.id]);
    expect(first.since(null)?.value.opened).toHaveLength(3);

    // A new version with the same findings (another field changed): nothing to send.
    snapshots.publish([{ ...east }, west]);
    const pending = stream.next();
    const idle = await Promise.race([pending, new Promise((r) => setTimeout(() => r('none'), 50))]);
    expect(idle).toBe('none');

    // a gets worse, b resolves, a new webhook finding opens.
    const worse = { ...notReadyA, status: 'DOWN' as const, title: 'node a NotReady for 10 min' };
    const other = finding('east', 'node.not-ready', { kind: 'Node', namespace: null, name: 'c' });
    const s = snapshots.publish([clusterWith('east', [worse, other]), west]);
    const change = (await pending).value;
    expect(change.version).toBe(s.version);
    expect({
      opened: ids(change.value.opened),
      changed: ids(change.value.changed),
      resolved: ids(change.value.resolved),
    }).toEqual({ opened: [other.id], changed: [worse.id], resolved: [notReadyB.id] });
    // A client that was sent the first message and skipped nothing gets the same; one that starts now gets all.
    expect(ids(change.since(first)?.value.resolved ?? [])).toEqual([notReadyB.id]);
    expect(ids(change.since(null)?.value.opened ?? [])).toEqual([slowWebhook.id, worse.id, other.id]);
    expect(change.since(change)).toBeNull();
    await stream.return?.();
    expect(snapshots.listeners).toBe(0);
  });

  it('with a cluster and minSeverity, wakes only for that slice and what passes the filter', async () => {
    const { east, west, snapshots, service } = setup();
    const stream = service.changes({ cluster: 'west', minSeverity: 'CRITICAL' });
    expect(ids((await stream.next()).value.value.opened)).toEqual([slowWebhook.id]);
    // east changes: west's slice keeps its version, so nothing is sent.
    snapshots.publish([clusterWith('east', []), west]);
    // west resolves its webhook finding.
    const s = snapshots.publish([east, clusterWith('west', [])]);
    const change = (await stream.next()).value;
    expect(change.version).toBe(s.sliceVersions.west);
    expect(ids(change.value.resolved)).toEqual([slowWebhook.id]);
    await stream.return?.();
  });

  it('refuses a cluster that is not watched with NOT_FOUND', () => {
    const { service } = setup();
    expect(() => service.changes({ cluster: 'nowhere' })).toThrow(/not watched/);
  });
});
