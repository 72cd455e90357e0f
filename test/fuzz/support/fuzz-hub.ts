import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type fc from 'fast-check';
import { buildOpenApiDocument } from '@maillage/http-api';
import { createTestHub, type TestHub } from '@maillage/http-api/testing';
import type { EventStore } from '@maillage/event-store';
import { EVENT_STORE } from '@maillage/service-requests';
import type { JsonSchema } from './json-schema';
import { openApiValidators, schemaErrors } from './schema-validators';

/** Runs per class (valid, invalid) per operation: the 1 000 unless FUZZ_RUNS says. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 1000);

/**
 * The seed of an operation's runs: fixed, so that CI is reproducible, and printed by fast-check
 * on failure; FUZZ_SEED replays another (or the printed one).
 */
export function fuzzSeed(operation: string): number {
  const base = Number(process.env['FUZZ_SEED'] ?? 20_261_129);
  let hash = base | 0;
  for (const char of operation) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return process.env['FUZZ_SEED_EXACT'] === '1' ? base : hash;
}

export const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef01234567';

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

export interface FuzzHub {
  readonly hub: TestHub;
  readonly document: OpenAPIObject;
  /**
   * One call, in-process. `body` is sent as JSON, or as a form when `form` (its values as
   * strings, as an HTML form or GeoReport client sends them); `undefined` sends no body.
   */
  send(
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    body?: unknown,
    form?: boolean,
  ): Promise<HttpAnswer>;
  /** What is wrong with an answer as the document declares the operation's answers. */
  breaches(method: string, template: string, answer: HttpAnswer): string[];
  /** Closes the hub and removes its store. */
  close(): Promise<void>;
  /** The global log head: unchanged across a batch of refused inputs, or something was recorded. */
  head(): Promise<number>;
}

/**
 * The hub in-process on a temp SQLite store, with its demo connectors (gien-grc, cc-giennoises-grc,
 * loiret-grc, gien-open311), an admin token, and no rate limit: thousands of calls from one key in
 * a few seconds are the point here, and the limiter has tests of its own.
 */
export async function startFuzzHub(): Promise<FuzzHub> {
  // The store on a tmpfs when there is one. Profiled, most of a 1 000-run fuzz went to the
  // fsync of SQLite's WAL at each commit (synchronous = FULL), slow on a shared disk; the fuzz
  // tests the HTTP contract, not durability (the event stores' own tests do).
  const dataDir = mkdtempSync(
    join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'maillage-fuzz-'),
  );
  const hub = await createTestHub('sqlite', {
    MAILLAGE_DATA_DIR: dataDir,
    MAILLAGE_DEMO_CONNECTORS: 'on',
    MAILLAGE_ADMIN_TOKEN: ADMIN_TOKEN,
    MAILLAGE_RATE_LIMIT_PER_SECOND: '0',
    MAILLAGE_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  });
  // The document /docs/openapi.json serves (the test hub mounts no /docs route; same builder).
  const document = buildOpenApiDocument(hub.app);
  const validatorOf = openApiValidators(document);
  const fastify = hub.app.getHttpAdapter().getInstance();
  const store = hub.app.get<EventStore>(EVENT_STORE);
  return {
    hub,
    document,
    async close() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async send(method, url, headers, body, form = false) {
      const response = await fastify.inject({
        method,
        url,
        ...(body === undefined
          ? { headers }
          : form
            ? {
                headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
                payload: formOf(body),
              }
            : {
                headers: { ...headers, 'content-type': 'application/json' },
                payload: JSON.stringify(body),
              }),
      });
      const contentType = String(response.headers['content-type'] ?? '');
      let parsed: unknown = response.body;
      if (/json/.test(contentType)) parsed = JSON.parse(response.body) as unknown;
      return { status: response.statusCode, contentType, body: parsed };
    },
    breaches(method, template, answer) {
      const operation = document.paths[template]?.[method.toLowerCase() as 'post'];
      if (!operation) return [`${method} ${template} is not in the OpenAPI document`];
      const declared = operation.responses[String(answer.status)] as
        { content?: Record<string, { schema?: JsonSchema }> } | undefined;
      if (!declared) return [`${answer.status} is not a documented answer`];
      if (answer.status >= 500) return [`a ${answer.status}`];
      const mediaType = answer.contentType.split(';')[0]!.trim();
      const content = declared.content;
      if (!content)
        return answer.status === 204 ? [] : [`${answer.status} has no documented schema`];
      const schema = content[mediaType]?.schema;
      if (!schema) return [`${answer.status} is not documented as ${mediaType}`];
      return schemaErrors(validatorOf(schema), answer.body).map((e) => `${answer.status} ${e}`);
    },
    head: () => store.headPosition(),
  };
}

/** A flat object as a form: scalars as their text; `null`, a field left out. */
function formOf(body: unknown): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (value !== null)
      form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return form.toString();
}

/** fast-check's settings for one operation's runs. */
export function fuzzParameters(operation: string): fc.Parameters<unknown> {
  return {
    numRuns: FUZZ_RUNS,
    seed: fuzzSeed(operation),
    endOnFailure: true,
    includeErrorInReport: true,
  };
}
