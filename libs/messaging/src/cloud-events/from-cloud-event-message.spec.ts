import type { Message } from '../message';
import { InvalidCloudEventError } from '../errors/invalid-cloud-event.error';
import { requestFiledEvent } from '../testing/recorded-event.fixture';
import { fromCloudEventMessage } from './from-cloud-event-message';
import { toCloudEventMessage } from './to-cloud-event-message';

const SOURCE = '/maillage/hub';

function received(event = requestFiledEvent()): Message {
  return {
    topic: 'maillage.events.v1',
    partition: 2,
    offset: '17',
    ...toCloudEventMessage(event, SOURCE),
  };
}

function withHeaders(message: Message, change: Record<string, string | undefined>): Message {
  const headers = { ...message.headers };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { ...message, headers };
}

function withPayload(
  message: Message,
  change: (payload: Record<string, unknown>) => void,
): Message {
  const payload = JSON.parse(message.value!.toString('utf8')) as Record<string, unknown>;
  change(payload);
  return { ...message, value: Buffer.from(JSON.stringify(payload)) };
}

function rejection(message: Message): InvalidCloudEventError {
  try {
    fromCloudEventMessage(message);
  } catch (error) {
    if (error instanceof InvalidCloudEventError) return error;
    throw error;
  }
  throw new Error('the message was accepted');
}

describe('fromCloudEventMessage', () => {
  it('gives back exactly the recorded event (round trip)', () => {
    const first = requestFiledEvent();
    const routedId = '0e9c2f47-5d0a-4c55-9a0e-1f2b3c4d5e6f';
    const routed = requestFiledEvent({
      eventId: routedId,
      type: 'RequestRouted',
      streamId: first.streamId,
      data: { requestId: first.data['requestId']!, competentAuthority: 'epci:244500211' },
      personal: null,
      revision: 1,
      position: 42,
      previousHash: first.hash,
      hash: 'b'.repeat(64),
      metadata: { ...first.metadata, eventId: routedId, causationId: first.eventId },
    });
    for (const event of [first, routed]) {
      expect(fromCloudEventMessage(received(event))).toEqual(event);
    }
  });

  it('accepts content-type parameters (charset)', () => {
    const event = requestFiledEvent();
    const message = withHeaders(received(event), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(fromCloudEventMessage(message)).toEqual(event);
  });

  it.each([
    ['missing ce_id', { ce_id: undefined }, 'ce_id', 'missing'],
    ['empty ce_id', { ce_id: '' }, 'ce_id', 'missing'],
    ['wrong specversion', { ce_specversion: '0.3' }, 'ce_specversion', 'must be 1.0'],
    ['missing specversion', { ce_specversion: undefined }, 'ce_specversion', 'missing'],
    ['missing source', { ce_source: undefined }, 'ce_source', 'missing'],
    ['foreign type', { ce_type: 'com.example.thing.v1' }, 'ce_type', 'fr.maillage.request'],
    ['unparseable time', { ce_time: 'yesterday' }, 'ce_time', 'RFC 3339'],
    ['missing subject', { ce_subject: undefined }, 'ce_subject', 'missing'],
    ['XML content', { 'content-type': 'application/xml' }, 'content-type', 'application/json'],
    [
      'position header disagreeing with the value',
      { ce_maillageposition: '40' },
      'ce_maillageposition',
      'differs',
    ],
    [
      'type version disagreeing with the metadata',
      { ce_type: 'fr.maillage.request.request-filed.v2' },
      'value.metadata.schemaVersion',
      'differs',
    ],
  ])('rejects %s', (_label, change, field, reason) => {
    const error = rejection(withHeaders(received(), change));
    expect(error.field).toBe(field);
    expect(error.message).toContain(reason);
    expect(error).toMatchObject({ code: 'MESSAGING.INVALID_CLOUD_EVENT', retriable: false });
  });

  it('rejects a key that is not the request id', () => {
    expect(rejection({ ...received(), key: 'other' }).field).toBe('key');
    expect(rejection({ ...received(), key: null }).field).toBe('key');
  });

  it('rejects a missing value, and bad JSON without quoting it', () => {
    expect(rejection({ ...received(), value: null })).toMatchObject({
      field: 'value',
      reason: 'missing',
    });
    const bad = rejection({ ...received(), value: Buffer.from('{"personal": Jeanne Lefèvre') });
    expect(bad).toMatchObject({ field: 'value', reason: 'is not valid JSON' });
    expect(bad.message).not.toContain('Jeanne');
    expect(rejection({ ...received(), value: Buffer.from('[1,2]') })).toMatchObject({
      field: 'value',
    });
  });

  it.each([
    [
      'streamId',
      (p: Record<string, unknown>) => (p['streamId'] = 'request-someone-else'),
      'value.streamId',
    ],
    ['revision', (p: Record<string, unknown>) => (p['revision'] = -1), 'value.revision'],
    ['position', (p: Record<string, unknown>) => delete p['position'], 'value.position'],
    ['data', (p: Record<string, unknown>) => (p['data'] = 'text'), 'value.data'],
    ['personal', (p: Record<string, unknown>) => (p['personal'] = ['x']), 'value.personal'],
    ['metadata', (p: Record<string, unknown>) => delete p['metadata'], 'value.metadata'],
    [
      'metadata.eventId',
      (p: Record<string, unknown>) => ((p['metadata'] as Record<string, unknown>)['eventId'] = 'x'),
      'value.metadata.eventId',
    ],
    ['hash', (p: Record<string, unknown>) => (p['hash'] = 3), 'value.hash'],
    [
      'previousHash',
      (p: Record<string, unknown>) => delete p['previousHash'],
      'value.previousHash',
    ],
  ])('rejects a payload with a bad %s', (_label, change, field) => {
    expect(rejection(withPayload(received(), change)).field).toBe(field);
  });
});
