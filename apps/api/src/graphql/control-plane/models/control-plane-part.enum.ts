import { registerEnumType } from '@nestjs/graphql';

/** The control-plane parts that have history, as GraphQL values (READ) over internal names (read). */
export const ControlPlanePartEnum = {
  READ: 'read',
  WRITE: 'write',
  ADMISSION: 'admission',
  WATCH: 'watch',
  ETCD: 'etcd',
  SCHEDULER: 'scheduler',
  CONTROLLERS: 'controllers',
} as const;
registerEnumType(ControlPlanePartEnum, {
  name: 'ControlPlanePart',
  description: 'A part of the control plane: the four request paths, etcd, the scheduler, the controllers.',
});
