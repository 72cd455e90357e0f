/** Stream id of a request: `request-<request id>` (the convention of the domain and the store). */
const REQUEST_STREAM = /^request-(.+)$/;

/** The request id of a request stream id, or null when `streamId` is not one. */
export function requestIdOfStream(streamId: string): string | null {
  return REQUEST_STREAM.exec(streamId)?.[1] ?? null;
}
