import type { ClusterHealth } from '@fleetscope/diagnostics';
import type { Verdict } from '@fleetscope/types';
import { toPlaneHealth } from '../common/verdict.mapper.ts';
import type { ComponentHealth, ControlPlaneHealth } from './models/control-plane.model.ts';

function component(cluster: string, name: string, v: Verdict): ComponentHealth {
  return { cluster, component: name, ...toPlaneHealth(v) };
}

/** Status and summary are the merged verdict (metrics, probes, our own watches); the rest is the detail. */
export function toControlPlaneView(c: ClusterHealth): ControlPlaneHealth {
  const d = c.controlPlaneDetail;
  return {
    ...toPlaneHealth(c.controlPlane),
    impact: d.impact,
    paths: {
      read: component(c.name, 'read', d.paths.read),
      write: component(c.name, 'write', d.paths.write),
      admission: component(c.name, 'admission', d.paths.admission),
      watch: component(c.name, 'watch', d.paths.watch),
    },
    etcd: component(c.name, 'etcd', d.etcd),
    scheduler: component(c.name, 'scheduler', d.scheduler),
    controllers: component(c.name, 'controllers', d.controllers),
  };
}
