import { REQUEST_STREAM_PREFIX, requestIdFromStreamId, streamIdFor } from './request-stream-id';

describe('request stream ids', () => {
  const requestId = '0b6f3c1e-5a2d-4c8e-9f10-2b3c4d5e6f70';

  it('names a request stream request-<id>, and reads the id back', () => {
    expect(streamIdFor(requestId)).toBe(`request-${requestId}`);
    expect(REQUEST_STREAM_PREFIX).toBe('request-');
    expect(requestIdFromStreamId(streamIdFor(requestId))).toBe(requestId);
  });

  it.each(['connector-gien', 'requests-1', 'request-', 'Request-1', ''])(
    'is null for %p',
    (streamId) => {
      expect(requestIdFromStreamId(streamId)).toBeNull();
    },
  );
});
