import type { AuthorityId } from '../authority/authority-id';
import type { RuleReference } from '../request/rule-reference';

/**
 * The request was sent to the authorities competent for it. `targets` is the complete list of
 * current targets (it replaces the previous one), and `rule` + `reason` say why, for auditors.
 */
export interface RequestRouted {
  readonly type: 'RequestRouted';
  readonly data: {
    readonly requestId: string;
    readonly targets: AuthorityId[];
    readonly rule: RuleReference;
    readonly reason: string;
  };
  readonly personal: null;
}
