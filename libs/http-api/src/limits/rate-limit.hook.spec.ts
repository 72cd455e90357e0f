import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { parseConfig } from '@maillage/config';
import { apiKeyFromSecret } from '@maillage/connectors';
import { isRateLimitExempt, rateLimitCallerOf } from './rate-limit.hook';

const ADMIN = 'admin-token-admin-token-admin-token-0123';
const AUDITOR = 'auditor-token-auditor-token-auditor-0123';
const KEY = apiKeyFromSecret('abcdefgh2345', 'S'.repeat(43)).key;

function requestWith(
  headers: Record<string, string>,
  query: Record<string, string> = {},
): FastifyRequest {
  return { headers, query, ip: '203.0.113.7' } as unknown as FastifyRequest;
}

describe('rateLimitCallerOf', () => {
  const callerOf = rateLimitCallerOf(
    parseConfig({
      MAILLAGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'maillage-rate-')),
      MAILLAGE_HUB_SECRET: 'x'.repeat(32),
      MAILLAGE_ADMIN_TOKEN: ADMIN,
      MAILLAGE_AUDITOR_TOKEN: AUDITOR,
    }),
  );

  it('counts a Maillage key by its key id, whichever way it is presented', () => {
    expect(callerOf(requestWith({ authorization: `Bearer ${KEY}` }))).toBe('key:abcdefgh2345');
    expect(callerOf(requestWith({ 'x-api-key': KEY }))).toBe('key:abcdefgh2345');
    expect(callerOf(requestWith({}, { api_key: KEY }))).toBe('key:abcdefgh2345');
  });

  it('gives the admin and the auditor tokens a bucket each, never holding the token itself', () => {
    const admin = callerOf(requestWith({ authorization: `Bearer ${ADMIN}` }));
    const auditor = callerOf(requestWith({ authorization: `bearer ${AUDITOR}` }));
    expect(admin).toMatch(/^token:[0-9a-f]{64}$/);
    expect(auditor).toMatch(/^token:[0-9a-f]{64}$/);
    expect(admin).not.toBe(auditor);
    expect(admin).not.toContain(ADMIN);
  });

  it('counts everything else by address: no credential, a made-up token, a key of the wrong shape', () => {
    const anonymous: Record<string, string>[] = [
      {},
      { authorization: 'Bearer made-up-token' },
      { authorization: `Basic ${ADMIN}` },
      { 'x-api-key': `${KEY}x` },
    ];
    for (const headers of anonymous) {
      expect(callerOf(requestWith(headers))).toBe('ip:203.0.113.7');
    }
  });
});

describe('isRateLimitExempt', () => {
  it.each([
    ['/health/live', true],
    ['/health/ready?verbose=1', true],
    ['/metrics', true],
    ['/docs', true],
    ['/docs/openapi.json', true],
    ['/healthz', false],
    ['/metrics-other', false],
    ['/v1/docs', false],
    ['/v1/requests', false],
  ])('%s: %p', (url, exempt) => {
    expect(isRateLimitExempt(url)).toBe(exempt);
  });
});
