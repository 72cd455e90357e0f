import type { Actor } from '../../events/event-metadata';
import type { PersonalData } from '../../events/personal-data';
import type { Attachment } from '../../request/attachment';
import type { Channel } from '../../request/channel';
import type { Location } from '../../request/location';
import type { RequestSource } from '../../request/request-source';
import type { RoutingDecision } from '../../request/routing-decision';

/**
 * File a new request. The hub chooses `requestId` (a lowercase UUID) and the routing before
 * deciding, so the decider stays pure; `filedAt` is the source tool's time.
 */
export interface FileRequest {
  readonly type: 'FileRequest';
  readonly requestId: string;
  readonly actor: Actor;
  /** `source.authority` must be the actor's own authority: a tool files only its own requests. */
  readonly source: RequestSource;
  readonly channel: Channel;
  readonly category: string;
  readonly description: string;
  readonly location: Location;
  readonly attachments: Attachment[];
  readonly citizen: PersonalData | null;
  readonly filedAt: string;
  readonly routing: RoutingDecision;
}
