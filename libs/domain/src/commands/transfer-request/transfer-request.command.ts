import type { AuthorityId } from '../../authority/authority-id';
import type { Actor } from '../../events/event-metadata';
import type { RuleReference } from '../../request/rule-reference';

/**
 * A current target declines competence and passes the request on to `to`. The other targets
 * keep the request (and their acknowledgements); the acting one leaves.
 */
export interface TransferRequest {
  readonly type: 'TransferRequest';
  readonly actor: Actor;
  readonly to: AuthorityId[];
  readonly reason: string;
  readonly rule: RuleReference;
}
