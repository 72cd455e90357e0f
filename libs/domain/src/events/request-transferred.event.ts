import type { AuthorityId } from '../authority/authority-id';
import type { RuleReference } from '../request/rule-reference';

/**
 * A target declined competence and passed the request on. Always followed in the same append by
 * the `RequestRouted` that gives the new complete list of targets; `from` is no longer among them
 * and its acknowledgement no longer counts.
 */
export interface RequestTransferred {
  readonly type: 'RequestTransferred';
  readonly data: {
    readonly requestId: string;
    readonly from: AuthorityId;
    readonly to: AuthorityId[];
    readonly reason: string;
    readonly rule: RuleReference;
  };
  readonly personal: null;
}
