import { Controller, Get, HttpCode, HttpException, HttpStatus } from '@nestjs/common';
import { KubernetesSource } from '../sources/kubernetes/kubernetes.source.ts';

/**
 * Liveness and readiness for the tool itself. Readiness does not depend on the watched clusters
 * being healthy: a dashboard must keep serving (and say UNKNOWN) while a cluster is unreachable.
 */
@Controller()
export class HealthController {
  constructor(private readonly kubernetes: KubernetesSource) {}

  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  readyz(): { status: string } {
    if (!this.kubernetes.settled()) {
      throw new HttpException(
        { status: 'starting', reason: 'initial list/watch not attempted yet' },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    return { status: 'ready' };
  }
}
