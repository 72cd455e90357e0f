import type { Actor } from '../../events/event-metadata';

/** A target's tool accepts the request and gives its own reference for it. */
export interface AcknowledgeRequest {
  readonly type: 'AcknowledgeRequest';
  readonly actor: Actor;
  readonly externalReference: string;
}
