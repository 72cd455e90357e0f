import { createHmac } from 'node:crypto';
import type { ConnectorInput } from './connectors';
import type { ApiKeyScope } from './connector';
import { apiKeyFromSecret, type IssuedApiKey, randomKeyId } from './keys/api-key';

/** Gien's town hall, CC Giennoises, Loiret, and an Open311 client of Gien: the README's scenario. */
export const DEMO_CONNECTORS: readonly ConnectorInput[] = [
  {
    id: 'gien-grc',
    authority: 'commune:45155',
    name: 'Mairie de Gien — GRC',
    dialect: 'commune-v1',
  },
  {
    id: 'cc-giennoises-grc',
    authority: 'epci:244500211',
    name: 'Communauté de communes Giennoises — GRC',
    dialect: 'epci-v1',
  },
  {
    id: 'loiret-grc',
    authority: 'departement:45',
    name: 'Département du Loiret — GRC',
    dialect: 'departement-v1',
  },
  {
    id: 'gien-open311',
    authority: 'commune:45155',
    name: 'Gien — application citoyenne Open311',
    dialect: 'open311-v2',
    // Open311 clients follow their requests over HTTP (GET requests/{id}.json), not Kafka.
    delivery: { kafka: false },
  },
];

/** Demo keys may also manage their own connector's webhook secrets and dead letters. */
export const DEMO_KEY_SCOPES: readonly ApiKeyScope[] = ['ingest', 'subscribe', 'admin'];

/**
 * A demo connector's key, derived from the hub secret, so that the same keys can be printed at
 * every start of the demo without being stored in clear.
 */
export function demoKey(hubSecret: string, connectorId: string): IssuedApiKey {
  const derive = (purpose: string): Buffer =>
    createHmac('sha256', hubSecret).update(`demo-connector-${purpose}:${connectorId}`).digest();
  return apiKeyFromSecret(randomKeyId(derive('key-id')), derive('secret').toString('base64url'));
}
