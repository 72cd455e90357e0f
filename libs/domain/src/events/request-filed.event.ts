import type { Attachment } from '../request/attachment';
import type { Channel } from '../request/channel';
import type { Location } from '../request/location';
import type { RequestSource } from '../request/request-source';
import type { PersonalData } from './personal-data';

/**
 * A citizen's request entered the hub. Always the first event of a request stream, and always
 * followed in the same append by `RequestRouted`. The citizen, if known, is in `personal` and
 * nowhere else, so that erasing them never touches `data`.
 */
export interface RequestFiled {
  readonly type: 'RequestFiled';
  readonly data: {
    readonly requestId: string;
    readonly source: RequestSource;
    readonly channel: Channel;
    readonly category: string;
    readonly description: string;
    readonly location: Location;
    readonly attachments: Attachment[];
    /** When the citizen filed it, on the source tool's clock (ISO 8601 with a time zone). */
    readonly filedAt: string;
  };
  readonly personal: PersonalData | null;
}
