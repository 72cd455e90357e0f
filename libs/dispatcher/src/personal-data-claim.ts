/**
 * Claim check for the citizen's contact on Kafka. Kafka keeps what it is given for the topic's
 * retention and cannot rewrite a record, so an erasure could not reach a contact written to an
 * out-topic: the dispatcher withholds it there, and this CloudEvents extension attribute tells the
 * receiving tool where to read it from the hub (`GET` with its connector key, `subscribe` scope).
 * The value is a path of the hub's HTTP API naming the request only: never personal data.
 */
export const PERSONAL_DATA_HEADER = 'ce_maillagepersonaldata';

/** The hub path that answers the contact of request `requestId` to the authorities handling it. */
export function personalDataPath(requestId: string): string {
  return `/v1/requests/${requestId}/personal-data`;
}
