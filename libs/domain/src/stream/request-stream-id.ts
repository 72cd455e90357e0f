/** Every request lives in its own stream, named `request-<requestId>`. */
export const REQUEST_STREAM_PREFIX = 'request-';

/** The stream holding a request's events. */
export function streamIdFor(requestId: string): string {
  return `${REQUEST_STREAM_PREFIX}${requestId}`;
}

/** The request id of a request stream, or null for any other stream. Inverse of `streamIdFor`. */
export function requestIdFromStreamId(streamId: string): string | null {
  if (!streamId.startsWith(REQUEST_STREAM_PREFIX)) return null;
  const requestId = streamId.slice(REQUEST_STREAM_PREFIX.length);
  return requestId === '' ? null : requestId;
}
