import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

import type { RecordedEvent } from '@maillage/event-store';

import { toCloudEventMessage } from './cloud-events/to-cloud-event-message';
import { deadLetterMessage } from './consumer/dead-letter-message';
import { CITIZEN, requestFiledEvent } from './testing/recorded-event.fixture';
import { TOPICS, inTopic, outTopic } from './topics/maillage-topics';

const SCHEMAS = join(__dirname, '..', '..', '..', 'schemas');
/** The base URI of the document: `./events/x.json` then names the event schemas by their `$id`. */
const BASE = 'https://maillage.example/schemas/asyncapi.yaml';

type Node = Record<string, unknown>;
const doc = parse(readFileSync(join(SCHEMAS, 'asyncapi.yaml'), 'utf8')) as Node;

/** Follows a local `$ref` (`#/a/b`) of the document; returns the node itself when it is not a reference. */
function deref(node: unknown): Node {
  const ref = (node as Node)['$ref'];
  if (typeof ref !== 'string') return node as Node;
  expect(ref.startsWith('#/')).toBe(true);
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    target = (target as Node | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return deref(target);
}

function validatorFor(pointer: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // The top-level fields of an AsyncAPI document are not JSON Schema: declare them so that strict
  // mode accepts the document as a container, while every schema in it is still checked strictly.
  ajv.addVocabulary([
    'asyncapi',
    'info',
    'servers',
    'defaultContentType',
    'channels',
    'operations',
    'components',
  ]);
  for (const file of readdirSync(join(SCHEMAS, 'events')).filter((f) =>
    f.endsWith('.schema.json'),
  )) {
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, 'events', file), 'utf8')) as Node);
  }
  ajv.addSchema({ ...doc, $id: BASE });
  const validate = ajv.getSchema(`${BASE}#${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate;
}

function expectValid(pointer: string, value: unknown): void {
  const validate = validatorFor(pointer);
  const ok = validate(value);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const payloadOf = (value: Buffer | null): unknown => JSON.parse(value!.toString('utf8'));

describe('schemas/asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0 document', () => {
    expect(doc['asyncapi']).toMatch(/^3\.0\.\d+$/);
    expect(deref(doc['info'])).toMatchObject({
      title: expect.any(String),
      version: expect.any(String),
    });
    expect(deref((doc['servers'] as Node)['local'])).toMatchObject({
      host: '127.0.0.1:9092',
      protocol: 'kafka',
    });
  });

  it('has the four channels, the per-connector ones with their parameter', () => {
    const channels = doc['channels'] as Node;
    const addresses = Object.values(channels).map((c) => deref(c)['address']);
    expect(addresses).toEqual(
      expect.arrayContaining([
        TOPICS.events,
        TOPICS.dlq,
        'maillage.in.{connectorId}.v1',
        'maillage.out.{connectorId}.v1',
      ]),
    );
    for (const channel of Object.values(channels).map(deref)) {
      const names = [...String(channel['address']).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(Object.keys((channel['parameters'] as Node | undefined) ?? {})).toEqual(names);
      for (const message of Object.values(channel['messages'] as Node))
        expect(deref(message)['payload']).toBeDefined();
    }
    // The addresses are what the code uses.
    expect('maillage.in.{connectorId}.v1'.replace('{connectorId}', 'gien-grc')).toBe(
      inTopic('gien-grc'),
    );
    expect('maillage.out.{connectorId}.v1'.replace('{connectorId}', 'gien-grc')).toBe(
      outTopic('gien-grc'),
    );
  });

  it('has operations that send and receive on declared channels and messages', () => {
    const operations = Object.values(doc['operations'] as Node).map(deref);
    expect(operations.map((o) => o['action']).sort()).toEqual([
      'receive',
      'receive',
      'send',
      'send',
      'send',
    ]);
    for (const operation of operations) {
      const declared = Object.values(deref(operation['channel'])['messages'] as Node).map(deref);
      const sent = operation['messages'] as unknown[];
      expect(sent.length).toBeGreaterThan(0);
      for (const message of sent) expect(declared).toContain(deref(message));
    }
  });

  it('gives every event message a Kafka key binding and a ce_type matching the code', () => {
    const events = deref((doc['channels'] as Node)['events']);
    for (const [name, ref] of Object.entries(events['messages'] as Node)) {
      const message = deref(ref);
      expect(deref(message['bindings'])).toMatchObject({ kafka: { key: { type: 'string' } } });
      const type = name.charAt(0).toUpperCase() + name.slice(1);
      const ceType = toCloudEventMessage(requestFiledEvent({ type }), 'urn:maillage:hub').headers[
        'ce_type'
      ];
      expect(JSON.stringify(message['headers'])).toContain(`"const":"${ceType}"`);
    }
  });

  describe('validates what the code produces', () => {
    const filed = requestFiledEvent();

    it('a RequestFiled: its headers and its payload', () => {
      const message = toCloudEventMessage(filed, 'urn:maillage:hub');
      expectValid('/components/messages/requestFiled/headers', message.headers);
      expectValid('/components/messages/requestFiled/payload', payloadOf(message.value));
    });

    it('a StatusChanged caused by another event', () => {
      const requestId = filed.data['requestId'] as string;
      const changed: RecordedEvent = {
        ...filed,
        eventId: '2f0c1b7a-9d3e-4e8f-a1b2-c3d4e5f60718',
        type: 'StatusChanged',
        revision: 2,
        position: 57,
        data: {
          requestId,
          from: 'acknowledged',
          to: 'in_progress',
          authority: 'epci:244500211',
          raw: { code: 'ENC', label: 'En cours' },
          note: null,
        },
        personal: null,
        metadata: {
          ...filed.metadata,
          eventId: '2f0c1b7a-9d3e-4e8f-a1b2-c3d4e5f60718',
          causationId: filed.eventId,
        },
        previousHash: 'c'.repeat(64),
      };
      const message = toCloudEventMessage(changed, '/maillage/hub');
      expect(message.headers['ce_causationid']).toBe(filed.eventId);
      expectValid('/components/messages/statusChanged/headers', message.headers);
      expectValid('/components/messages/statusChanged/payload', payloadOf(message.value));
    });

    it('a dead letter of it', () => {
      const original = {
        topic: TOPICS.events,
        partition: 2,
        offset: '17',
        ...toCloudEventMessage(filed, 'urn:maillage:hub'),
      };
      original.headers['traceparent'] = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const letter = deadLetterMessage(
        original,
        { code: 'PROJECTION.REFUSED', reason: 'Error: refused', attempts: 5 },
        'maillage.dispatcher',
        new Date(),
      );
      expectValid('/components/messages/deadLetter/headers', letter.headers);
    });
  });

  describe('rejects what breaks the contract', () => {
    const message = toCloudEventMessage(requestFiledEvent(), 'urn:maillage:hub');

    it.each([
      'ce_id',
      'ce_specversion',
      'ce_source',
      'ce_type',
      'ce_time',
      'ce_subject',
      'content-type',
    ])('headers without %s', (name) => {
      const { [name]: _dropped, ...headers } = message.headers;
      expect(validatorFor('/components/messages/requestFiled/headers')(headers)).toBe(false);
    });

    it('a RequestFiled payload under the StatusChanged message, or with a bad position', () => {
      const payload = payloadOf(message.value) as Node;
      expect(
        validatorFor('/components/messages/requestFiled/payload')({ ...payload, position: 0 }),
      ).toBe(false);
      expect(validatorFor('/components/messages/statusChanged/payload')(payload)).toBe(false);
      expect(
        validatorFor('/components/messages/requestFiled/headers')({
          ...message.headers,
          ce_type: 'fr.maillage.request.status-changed.v1',
        }),
      ).toBe(false);
    });

    it('personal data in a payload field other than personal', () => {
      const payload = payloadOf(message.value) as Node;
      expect(
        validatorFor('/components/messages/requestFiled/payload')({ ...payload, citizen: CITIZEN }),
      ).toBe(false);
    });
  });
});
