import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HubMetrics } from './hub-metrics';

/** Prometheus exposition of the hub's metrics. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HubMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus metrics: HTTP, event store appends, read-model and relay lag, consumers and dead letters, process',
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
