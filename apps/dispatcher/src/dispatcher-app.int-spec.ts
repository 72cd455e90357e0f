import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { parseConfig } from '@maillage/config';
import { startWorkerApplication } from '@maillage/observability';
import { describeKafka, uniqueName } from '../../../test/kafka/kafka-test-env';
import { DispatcherAppModule } from './dispatcher-app.module';

describeKafka('the dispatcher app started before the relay', (brokers) => {
  it('creates the events topic itself instead of dying on a topic that does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'maillage-dispatcher-app-'));
    const topic = uniqueName('maillage.events.first');
    const config = parseConfig({
      MAILLAGE_DATA_DIR: dir,
      MAILLAGE_HUB_SECRET: 'dispatcher-app-spec-secret-dispatcher-app-0',
      MAILLAGE_DEMO_CONNECTORS: 'off',
      KAFKA_BROKERS: brokers.join(','),
      MAILLAGE_EVENTS_TOPIC: topic,
      MAILLAGE_KAFKA_CLIENT_ID: uniqueName('dispatcher-first'),
      LOG_LEVEL: 'error',
    });
    const { app } = await startWorkerApplication(DispatcherAppModule.forRoot(config), config);
    const admin = new Kafka({ clientId: 'spec', brokers, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(6);
    } finally {
      await admin.disconnect();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
