import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@maillage/config';
import { type WorkerApplication, startWorkerApplication } from '@maillage/observability';
import { ProjectorAppModule } from './projector-app.module';

const env = (dir: string, extra: Record<string, string> = {}): Record<string, string> => ({
  MAILLAGE_DATA_DIR: dir,
  MAILLAGE_HUB_SECRET: 'projector-app-spec-secret-projector-app-0',
  MAILLAGE_DEMO_CONNECTORS: 'off',
  LOG_LEVEL: 'error',
  ...extra,
});

describe('a worker app (the projector) serving health and metrics', () => {
  let dir: string;
  let worker: WorkerApplication | null = null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'maillage-projector-app-'));
  });
  afterEach(async () => {
    await worker?.app.close();
    worker = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves /health and /metrics on MAILLAGE_HEALTH_PORT, and nothing else', async () => {
    const config = parseConfig(env(dir, { MAILLAGE_HEALTH_PORT: '0' }));
    worker = await startWorkerApplication(ProjectorAppModule.forRoot(config), config);
    const url = worker.healthUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; info: Record<string, unknown> };
    expect(body.status).toBe('ok');
    // The projector keeps the read model, so its lag is reported; it runs no relay.
    expect(Object.keys(body.info).sort()).toEqual(['eventStore', 'readModel']);

    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain('maillage_projection_lag_events 0');
    expect(metrics).toContain('maillage_process_resident_memory_bytes');

    // No API on a worker: the requests routes do not exist here.
    expect((await fetch(`${url}/v1/requests`)).status).toBe(404);
  });

  it('opens no socket without MAILLAGE_HEALTH_PORT', async () => {
    const config = parseConfig(env(dir));
    worker = await startWorkerApplication(ProjectorAppModule.forRoot(config), config);
    expect(worker.healthUrl).toBeNull();
  });
});
