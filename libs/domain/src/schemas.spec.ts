// The domain does no I/O; this spec does, to hold the decider to the published event schemas.
// eslint-disable-next-line no-restricted-imports
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { EventMetadata } from './events/event-metadata';
import {
  SERVICE_REQUEST_EVENT_TYPES,
  type ServiceRequestEvent,
} from './events/service-request-event';
import { CANONICAL_STATUSES } from './status/canonical-status';
import { isLegalTransition } from './status/legal-transitions';
import { historyOf, historyReaching } from './testing/history';
import {
  acknowledge,
  addComment,
  changeStatus,
  close,
  fileRequest,
  GIEN,
  GIENNOISES,
  LOIRET,
  recordErasure,
  reopen,
  transfer,
} from './testing/sample-commands';
import { decide } from './commands/decide';
import { foldEvents } from './state/fold-events';

const SCHEMAS = path.join(__dirname, '../../..', 'schemas/events');
const BASE_ID = 'https://maillage.example/schemas/events/';

type Envelope = ServiceRequestEvent & { metadata: EventMetadata };
type Json = Record<string, unknown>;

const kebab = (type: string): string => type.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();
const schemaFiles = readdirSync(SCHEMAS).filter((name) => name.endsWith('.schema.json'));
const schemas = schemaFiles.map(
  (name) => JSON.parse(readFileSync(path.join(SCHEMAS, name), 'utf8')) as Json,
);

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
for (const schema of schemas) ajv.addSchema(schema);

function validatorFor(type: string) {
  const validate = ajv.getSchema(`${BASE_ID}${kebab(type)}.v1.schema.json`);
  if (!validate) throw new Error(`no schema for ${type}`);
  return validate;
}

function errorsOf(event: unknown, type: string): string {
  const validate = validatorFor(type);
  return validate(event) ? '' : ajv.errorsText(validate.errors);
}

/** Wraps decided events the way the application layer does: ids, chained causation, two clocks. */
function stored(events: readonly ServiceRequestEvent[]): Envelope[] {
  return events.map((event, index) => ({
    ...event,
    metadata: {
      eventId: `6d1f8a52-0c3e-4b7a-9e21-${String(index).padStart(12, '0')}`,
      correlationId: 'c0ffee00-1111-4222-8333-444455556666',
      causationId:
        index === 0 ? null : `6d1f8a52-0c3e-4b7a-9e21-${String(index - 1).padStart(12, '0')}`,
      actor: {
        authority: 'authority' in event.data ? event.data.authority : GIEN,
        connector: 'gien-grc',
      },
      occurredAt: '2026-11-29T08:15:00.000Z',
      recordedAt: '2026-11-29T08:15:00.412Z',
      schemaVersion: 1,
    },
  }));
}

const lifeOfARequest = stored(
  historyOf(
    fileRequest(),
    acknowledge(LOIRET, 'CD45-0042'),
    changeStatus(LOIRET, 'in_progress', { note: 'Équipe programmée' }),
    addComment(LOIRET, { visibility: 'internal' }),
    transfer(LOIRET, [GIENNOISES]),
    close(GIENNOISES, 'resolved', { raw: null }),
    reopen(GIEN),
    close(GIEN, 'closed_without_action'),
    recordErasure(),
  ),
);
const minimalFiling = stored(
  historyOf(
    fileRequest({
      citizen: null,
      attachments: [],
      description: '',
      location: { inseeCode: '2B033' },
    }),
  ),
);

describe('canonical event schemas', () => {
  it('has one schema per event type, plus the shared definitions, each under its own $id', () => {
    // Beside the request events, the hub's own: the retention approvals' stream (validated by
    // libs/service-requests/src/retention/retention-policy.spec.ts).
    const hubEvents = ['retention-disposal-approved'];
    const expected = ['common', ...SERVICE_REQUEST_EVENT_TYPES.map(kebab), ...hubEvents].map(
      (name) => `${name}.v1.schema.json`,
    );
    expect([...schemaFiles].sort()).toEqual(expected.sort());
    for (const [index, schema] of schemas.entries()) {
      expect(schema['$id']).toBe(`${BASE_ID}${schemaFiles[index]}`);
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    }
    for (const type of SERVICE_REQUEST_EVENT_TYPES) {
      expect(validatorFor(type).schema).toMatchObject({ properties: { type: { const: type } } });
    }
  });

  it('covers every event type with events the decider really produced', () => {
    expect(new Set(lifeOfARequest.map((event) => event.type))).toEqual(
      new Set(SERVICE_REQUEST_EVENT_TYPES),
    );
  });

  it.each(
    [...lifeOfARequest, ...minimalFiling].map(
      (event, index) => [index, event.type, event] as const,
    ),
  )('validates decided event #%i (%s) in its stored envelope', (_index, type, event) => {
    expect(errorsOf(event, type)).toBe('');
  });

  it('validates every status change the transition table allows', () => {
    for (const from of CANONICAL_STATUSES) {
      for (const to of CANONICAL_STATUSES.filter((status) => isLegalTransition(from, status))) {
        const [changed] = stored(decide(changeStatus(GIEN, to), foldEvents(historyReaching(from))));
        expect(errorsOf(changed, 'StatusChanged')).toBe('');
      }
    }
  });

  describe('refuses a mutated event', () => {
    type Mutable = Json & { data: Json; metadata: Json };
    /** Errors of a mutated deep copy of `event`, under the schema of the event's own type. */
    const errorsAfter = (event: Envelope, change: (copy: Mutable) => unknown): string => {
      const copy = structuredClone(event) as unknown as Mutable;
      change(copy);
      return errorsOf(copy, event.type);
    };
    const oneOfEachType = SERVICE_REQUEST_EVENT_TYPES.map(
      (type) => [type, lifeOfARequest.find((event) => event.type === type)!] as const,
    );
    const envelopeMutations: [string, (copy: Mutable) => unknown][] = [
      ['an unknown data field', (copy) => (copy.data['extra'] = 'x')],
      [
        'another type',
        (copy) => (copy.type = copy.type === 'RequestFiled' ? 'RequestRouted' : 'RequestFiled'),
      ],
      ['no metadata', (copy) => Reflect.deleteProperty(copy, 'metadata')],
      ['no personal', (copy) => Reflect.deleteProperty(copy, 'personal')],
      ['schema version 2', (copy) => (copy.metadata['schemaVersion'] = 2)],
      ['an event id that is no UUID', (copy) => (copy.metadata['eventId'] = 'event-1')],
      ['a local time', (copy) => (copy.metadata['recordedAt'] = '29/11/2026 09:15')],
      [
        'a malformed actor',
        (copy) => (copy.metadata['actor'] = { authority: 'Gien', connector: null }),
      ],
      ['no causation id', (copy) => Reflect.deleteProperty(copy.metadata, 'causationId')],
      ['a request id that is no UUID', (copy) => (copy.data['requestId'] = 'request-1')],
    ];

    it.each(oneOfEachType)('%s: each data field missing', (_type, event) => {
      for (const key of Object.keys(event.data)) {
        const errors = errorsAfter(event, (copy) => Reflect.deleteProperty(copy.data, key));
        expect(errors).toContain(`must have required property '${key}'`);
      }
    });

    it.each(oneOfEachType)('%s: each data field of a wrong type', (_type, event) => {
      for (const key of Object.keys(event.data)) {
        expect(errorsAfter(event, (copy) => (copy.data[key] = { wrong: true }))).not.toBe('');
        expect(errorsAfter(event, (copy) => (copy.data[key] = 42))).not.toBe('');
      }
    });

    it.each(oneOfEachType)('%s: broken envelope or metadata', (_type, event) => {
      for (const [name, change] of envelopeMutations) {
        expect({ name, valid: errorsAfter(event, change) === '' }).toEqual({ name, valid: false });
      }
    });

    it('keeps personal data off every event but RequestFiled, and checks it there', () => {
      for (const [, event] of oneOfEachType.filter(([type]) => type !== 'RequestFiled')) {
        expect(errorsAfter(event, (copy) => (copy['personal'] = { subjectId: 's-1' }))).not.toBe(
          '',
        );
      }
      const filed = lifeOfARequest[0]!;
      expect(errorsAfter(filed, (copy) => (copy['personal'] = { name: 'Camille' }))).toContain(
        "must have required property 'subjectId'",
      );
      expect(
        errorsAfter(filed, (copy) => (copy['personal'] = { subjectId: 's', ssn: '1' })),
      ).not.toBe('');
    });

    it.each<[string, (copy: Mutable) => unknown]>([
      ['location', (copy) => (copy.data['location'] = { inseeCode: 'Gien' })],
      ['attachments', (copy) => (copy.data['attachments'] = [{ url: 'trou.jpg' }])],
      ['channel', (copy) => (copy.data['channel'] = 'fax')],
      ['filedAt', (copy) => (copy.data['filedAt'] = '2026-02-30T10:00:00Z')],
    ])('RequestFiled: a malformed %s', (_field, change) => {
      expect(errorsAfter(lifeOfARequest[0]!, change)).not.toBe('');
    });

    it('RequestRouted: no target, or a target twice', () => {
      const routed = lifeOfARequest[1]!;
      expect(errorsAfter(routed, (copy) => (copy.data['targets'] = []))).not.toBe('');
      expect(errorsAfter(routed, (copy) => (copy.data['targets'] = [LOIRET, LOIRET]))).not.toBe('');
    });
  });
});
