import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { RetentionPolicy } from './retention-policy';

const policy = (overrides: Record<string, unknown> = {}) => ({
  version: '2031-01-01.1',
  periodStartsAt: 'closure',
  default: { retention: 'P2Y', disposition: 'destroy' },
  rules: [
    { category: 'civil_status', retention: 'P1Y6M', disposition: 'archive' },
    { category: 'civil_status.pacs', retention: 'P90D', disposition: 'destroy' },
  ],
  ...overrides,
});

describe('RetentionPolicy', () => {
  it('picks the longest matching prefix, else the default, and counts calendar units', () => {
    const parsed = RetentionPolicy.parse(policy());
    expect(parsed.ruleFor('civil_status.pacs')).toMatchObject({ disposition: 'destroy' });
    expect(parsed.ruleFor('civil_status.birth_certificate')).toMatchObject({
      category: 'civil_status',
      disposition: 'archive',
    });
    expect(parsed.ruleFor('civil_statusx')).toMatchObject({ category: '*' });
    const closed = new Date('2031-01-31T10:00:00.000Z');
    expect(parsed.dueAt('roads.departmental', closed).toISOString()).toBe(
      '2033-01-31T10:00:00.000Z',
    );
    expect(parsed.dueAt('civil_status.pacs', closed).toISOString()).toBe(
      '2031-05-01T10:00:00.000Z',
    );
  });

  it.each([
    [
      'a bad period',
      policy({ default: { retention: '5 years', disposition: 'destroy' } }),
      '/default/retention',
    ],
    [
      'a zero period',
      policy({ default: { retention: 'P0D', disposition: 'destroy' } }),
      'must not be zero',
    ],
    [
      'an unknown disposition',
      policy({ rules: [{ category: 'roads', retention: 'P1Y', disposition: 'burn' }] }),
      '/rules/0/disposition',
    ],
    [
      'a category twice',
      policy({
        rules: [
          { category: 'roads', retention: 'P1Y', disposition: 'destroy' },
          { category: 'roads', retention: 'P2Y', disposition: 'destroy' },
        ],
      }),
      '"roads" is given twice',
    ],
    ['no version', policy({ version: undefined }), "must have required property 'version'"],
  ])('refuses %s, naming the problem', (_what, document, problem) => {
    expect(() => RetentionPolicy.parse(JSON.parse(JSON.stringify(document)))).toThrow(
      expect.objectContaining({
        code: 'RETENTION.INVALID_POLICY',
        message: expect.stringContaining(problem) as string,
      }),
    );
  });

  it('ships a bundled policy that passes its own schema', () => {
    expect(RetentionPolicy.bundled().version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });
});

describe('RetentionDisposalApproved schema', () => {
  it('validates the approval event as the hub records it', () => {
    const dir = join(__dirname, '../../../..', 'schemas/events');
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    for (const name of ['common.v1.schema.json', 'retention-disposal-approved.v1.schema.json']) {
      ajv.addSchema(JSON.parse(readFileSync(join(dir, name), 'utf8')) as object);
    }
    const validate = ajv.getSchema(
      'https://maillage.example/schemas/events/retention-disposal-approved.v1.schema.json',
    )!;
    const approvalId = '6d1f8a52-0c3e-4b7a-9e21-000000000001';
    const event = {
      type: 'RetentionDisposalApproved',
      data: {
        approvalId,
        approvedAt: '2034-01-02T10:00:00.000Z',
        approver: 'Directrice des Archives du Loiret',
        archivesReference: 'AD45-VISA-0117',
        policyVersion: '2031-01-01.1',
        requests: [
          {
            requestId: '4f1c2a8e-6b3d-8a9e-b1c2-d3e4f5a6b7c8',
            category: 'roads.departmental',
            rule: '*',
            retention: 'P2Y',
            disposition: 'destroy',
            closedAt: '2031-01-02T10:00:00.000Z',
            dueAt: '2033-01-02T10:00:00.000Z',
          },
        ],
      },
      personal: null,
      metadata: {
        eventId: approvalId,
        correlationId: approvalId,
        causationId: null,
        actor: { channel: 'admin' },
        occurredAt: '2034-01-02T10:00:00.000Z',
        recordedAt: '2034-01-02T10:00:00.000Z',
        schemaVersion: 1,
      },
    };
    expect(validate(event) ? '' : ajv.errorsText(validate.errors)).toBe('');
    const withContact = { ...event, personal: { email: 'x@example.org' } };
    expect(validate(withContact)).toBe(false);
  });
});
