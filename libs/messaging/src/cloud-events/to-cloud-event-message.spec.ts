import { CITIZEN, requestFiledEvent } from '../testing/recorded-event.fixture';
import { InvalidCloudEventError } from '../errors/invalid-cloud-event.error';
import { toCloudEventMessage } from './to-cloud-event-message';

const SOURCE = 'urn:maillage:hub';

describe('toCloudEventMessage (CloudEvents 1.0, Kafka binding, binary mode)', () => {
  it('writes the required attributes as ce_ headers, the request id as key, JSON as content type', () => {
    const event = requestFiledEvent();
    const requestId = event.data['requestId'] as string;
    const message = toCloudEventMessage(event, SOURCE);
    expect(message.key).toBe(requestId);
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.eventId,
      ce_source: SOURCE,
      ce_type: 'fr.maillage.request.request-filed.v1',
      ce_time: event.recordedAt,
      ce_subject: requestId,
      'content-type': 'application/json',
      ce_maillageposition: '41',
      ce_correlationid: event.metadata['correlationId'],
    });
  });

  it('adds ce_causationid when the event has a causation id', () => {
    const event = requestFiledEvent();
    const caused = requestFiledEvent({
      metadata: { ...event.metadata, causationId: event.eventId },
    });
    expect(toCloudEventMessage(caused, SOURCE).headers['ce_causationid']).toBe(event.eventId);
  });

  it('puts the event, personal part included, in the value only', () => {
    const event = requestFiledEvent();
    const message = toCloudEventMessage(event, SOURCE);
    expect(JSON.parse(message.value!.toString('utf8'))).toEqual({
      streamId: event.streamId,
      revision: 0,
      position: 41,
      data: event.data,
      personal: CITIZEN,
      metadata: event.metadata,
      hash: event.hash,
      previousHash: null,
    });
  });

  it('never lets personal data into a header, even through a correlation id a tool chose', () => {
    const event = requestFiledEvent();
    const leaky = requestFiledEvent({
      metadata: { ...event.metadata, correlationId: CITIZEN.email, causationId: `${CITIZEN.name}` },
    });
    for (const candidate of [event, leaky]) {
      const { headers, key } = toCloudEventMessage(candidate, SOURCE);
      const exposed = [key, ...Object.keys(headers), ...Object.values(headers)]
        .join('\n')
        .toLowerCase();
      for (const secret of [
        CITIZEN.name,
        CITIZEN.email,
        CITIZEN.phone,
        CITIZEN.address,
        'jeanne',
        'lefevre',
        '12 34 56',
      ]) {
        expect(exposed).not.toContain(secret.toLowerCase());
      }
    }
    expect(toCloudEventMessage(leaky, SOURCE).headers).not.toHaveProperty('ce_correlationid');
    expect(toCloudEventMessage(leaky, SOURCE).headers).not.toHaveProperty('ce_causationid');
  });

  it.each([
    ['a stream that is not a request stream', { streamId: 'connector-gien' }, 'streamId'],
    ['a data.requestId of another request', { data: { requestId: 'another' } }, 'data.requestId'],
    ['a type that is not PascalCase', { type: 'request_filed' }, 'type'],
    ['no schema version', { metadata: { correlationId: 'c' } }, 'type'],
    ['an empty event id', { eventId: '' }, 'eventId'],
  ])('refuses %s', (_label, overrides, field) => {
    const attempt = (): unknown => toCloudEventMessage(requestFiledEvent(overrides), SOURCE);
    expect(attempt).toThrow(InvalidCloudEventError);
    expect(attempt).toThrow(expect.objectContaining({ field }) as Error);
  });

  it('refuses a blank source', () => {
    expect(() => toCloudEventMessage(requestFiledEvent(), ' ')).toThrow(
      expect.objectContaining({ field: 'ce_source' }) as Error,
    );
  });
});
