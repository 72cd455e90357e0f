import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiKeyFromSecret, randomKeyId } from '@maillage/connectors';
import { randomBytes } from 'node:crypto';

/**
 * A connector for Gien's tool, loaded by the benchmarked hub from a connectors file in `dir`
 * (its key given by hash, as in production): the environment to start the hub with, and the
 * `authorization` header its filings carry. The rate limit is off: the load comes from one key.
 */
export function benchConnector(dir: string): {
  env: Record<string, string>;
  authorization: string;
} {
  const key = apiKeyFromSecret(randomKeyId(), randomBytes(32).toString('base64url'));
  const file = join(dir, 'bench-connectors.json');
  const connector = {
    id: 'bench-gien',
    authority: 'commune:45155',
    name: 'Benchmark — Gien',
    dialect: 'commune-v1',
    keys: [{ keyId: key.keyId, secretHash: key.secretHash, scopes: ['ingest'] }],
  };
  writeFileSync(file, JSON.stringify({ connectors: [connector] }));
  return {
    env: {
      MAILLAGE_CONNECTORS_FILE: file,
      MAILLAGE_DEMO_CONNECTORS: 'off',
      // One caller at full speed is the point of a benchmark: no per-caller rate limit.
      MAILLAGE_RATE_LIMIT_PER_SECOND: '0',
    },
    authorization: `Bearer ${key.key}`,
  };
}
