import type {
  AuthorityId,
  CanonicalStatus,
  Channel,
  Location,
  RequestSource,
} from '@maillage/domain';

/**
 * The current state of a request as the API shows it. Holds no personal data: the citizen's
 * contact stays in the events (encrypted per citizen), so erasing a citizen never has to chase
 * copies through read models.
 */
export interface RequestSummary {
  readonly id: string;
  readonly source: RequestSource;
  readonly channel: Channel;
  readonly category: string;
  readonly description: string;
  readonly location: Location;
  readonly status: CanonicalStatus;
  readonly lifecycle: 'open' | 'closed';
  readonly targets: readonly AuthorityId[];
  /** External references given by target tools when they acknowledged the request. */
  readonly externalReferences: readonly {
    readonly authority: AuthorityId;
    readonly reference: string;
  }[];
  /** The raw status of the tool that made the last status change, if any. */
  readonly lastRawStatus: {
    readonly authority: AuthorityId;
    readonly code: string;
    readonly label: string;
  } | null;
  readonly routing: {
    readonly rule: { readonly id: string; readonly version: string };
    readonly reason: string;
  } | null;
  readonly commentCount: number;
  readonly filedAt: string;
  readonly updatedAt: string;
  /** Revision of the request's stream this summary reflects. */
  readonly revision: number;
}
