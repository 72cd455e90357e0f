import { cloudEventTypeOf, parseCloudEventType } from './cloud-event-type';

describe('CloudEvents type of a canonical event', () => {
  const canonical = [
    ['RequestFiled', 'fr.maillage.request.request-filed.v1'],
    ['RequestRouted', 'fr.maillage.request.request-routed.v1'],
    ['RequestAcknowledged', 'fr.maillage.request.request-acknowledged.v1'],
    ['StatusChanged', 'fr.maillage.request.status-changed.v1'],
    ['CommentAdded', 'fr.maillage.request.comment-added.v1'],
    ['RequestTransferred', 'fr.maillage.request.request-transferred.v1'],
    ['RequestClosed', 'fr.maillage.request.request-closed.v1'],
    ['RequestReopened', 'fr.maillage.request.request-reopened.v1'],
  ] as const;

  it.each(canonical)('names %s %s, and reads it back', (eventType, ceType) => {
    expect(cloudEventTypeOf(eventType, 1)).toBe(ceType);
    expect(parseCloudEventType(ceType)).toEqual({ eventType, schemaVersion: 1 });
  });

  it('carries the schema version', () => {
    expect(cloudEventTypeOf('StatusChanged', 2)).toBe('fr.maillage.request.status-changed.v2');
    expect(parseCloudEventType('fr.maillage.request.status-changed.v2')).toEqual({
      eventType: 'StatusChanged',
      schemaVersion: 2,
    });
  });

  it.each([
    ['requestFiled', 1],
    ['Request_Filed', 1],
    ['RequestFiled', 0],
    ['RequestFiled', 1.5],
    ['', 1],
  ])('refuses to name %p v%p', (eventType, version) => {
    expect(cloudEventTypeOf(eventType, version)).toBeNull();
  });

  it.each([
    'fr.maillage.RequestFiled.v1',
    'fr.maillage.request.request-filed',
    'fr.maillage.request.request-filed.v0',
    'fr.maillage.request.Request-Filed.v1',
    'fr.maillage.request.request--filed.v1',
    'com.example.request.request-filed.v1',
  ])('does not read %p', (ceType) => {
    expect(parseCloudEventType(ceType)).toBeNull();
  });
});
