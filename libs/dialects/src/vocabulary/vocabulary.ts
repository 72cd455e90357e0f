import {
  CANONICAL_STATUSES,
  CHANNELS,
  CLOSE_OUTCOMES,
  type CanonicalStatus,
  type Channel,
  type CloseOutcome,
} from '@maillage/domain';
import { HUB_LIMITS } from '../decoding/hub-limits';
import { CANONICAL_CATEGORIES } from './canonical-categories';
import { VocabularyError } from './vocabulary-error';

/** One native code of a tool, its label as the tool shows it, and the hub's code for it. */
export interface VocabularyEntry<C extends string = string> {
  readonly code: string;
  readonly label: string;
  readonly canonical: C;
}

/** A native status. `closes`: reaching it closes the request, `canonical` being the outcome. */
export interface StatusEntry extends VocabularyEntry<CanonicalStatus> {
  readonly closes: boolean;
}

/** Canonical statuses that no update can set: routing and acknowledgement reach them. */
const NOT_SETTABLE: ReadonlySet<CanonicalStatus> = new Set(['received', 'routed', 'acknowledged']);

/**
 * A dialect's vocabulary tables, compiled into lookup maps once at module load. Decoding reads
 * native → canonical; encoding reads canonical → native. Every lookup goes through a `Map`, so a
 * code such as `__proto__` or `constructor` is just an unknown code.
 */
export interface Vocabulary {
  readonly file: string;
  readonly categories: readonly VocabularyEntry[];
  readonly channels: readonly VocabularyEntry<Channel>[];
  readonly statuses: readonly StatusEntry[];
  /** Canonical category of a native code. */
  readonly categoryOf: (code: string) => string | undefined;
  /** The native code sent for a canonical category: the first entry listed for it. */
  readonly categoryFor: (canonical: string) => VocabularyEntry | undefined;
  readonly channelOf: (code: string) => Channel | undefined;
  readonly channelFor: (channel: Channel) => VocabularyEntry<Channel>;
  readonly statusOf: (code: string) => StatusEntry | undefined;
  /** The native status sent while the request is open in `status` (table `outbound.statuses`). */
  readonly statusFor: (status: CanonicalStatus) => StatusEntry;
  /** The native status sent when the request is closed with `outcome`. */
  readonly closingStatusFor: (outcome: CloseOutcome) => StatusEntry;
  /** Native statuses an update may set (not those only routing or acknowledgement reach). */
  readonly settableStatusCodes: readonly string[];
}

type Json = Readonly<Record<string, unknown>>;

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class VocabularyReader {
  constructor(readonly file: string) {}

  fail(pointer: string, problem: string): never {
    throw new VocabularyError(this.file, pointer, problem);
  }

  object(value: unknown, pointer: string, known: readonly string[]): Json {
    if (!isJsonObject(value)) this.fail(pointer, 'must be an object');
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        this.fail(`${pointer}/${key}`, `unknown key (known: ${known.join(', ')})`);
      }
    }
    return value;
  }

  text(value: unknown, pointer: string, maxLength: number): string {
    if (typeof value !== 'string' || value.trim() !== value || value === '') {
      this.fail(pointer, 'must be a non-empty string without leading or trailing spaces');
    }
    if (value.length > maxLength) this.fail(pointer, `must be at most ${maxLength} characters`);
    return value;
  }

  list(value: unknown, pointer: string): readonly unknown[] {
    if (!Array.isArray(value) || value.length === 0) this.fail(pointer, 'must be a non-empty list');
    return value as readonly unknown[];
  }

  entries<C extends string>(
    value: unknown,
    pointer: string,
    isCanonical: (code: string) => code is C,
    what: string,
    extraKeys: readonly string[] = [],
  ): { entry: VocabularyEntry<C>; raw: Json }[] {
    const seen = new Set<string>();
    return this.list(value, pointer).map((item, index) => {
      const at = `${pointer}/${index}`;
      const raw = this.object(item, at, ['code', 'label', 'canonical', ...extraKeys]);
      const code = this.text(raw['code'], `${at}/code`, HUB_LIMITS.rawCode);
      if (seen.has(code)) this.fail(`${at}/code`, `${code} is listed twice`);
      seen.add(code);
      const label = this.text(raw['label'], `${at}/label`, HUB_LIMITS.rawLabel);
      const canonical = raw['canonical'];
      if (typeof canonical !== 'string' || !isCanonical(canonical)) {
        this.fail(`${at}/canonical`, `must be ${what}`);
      }
      return { entry: { code, label, canonical }, raw };
    });
  }
}

function isCategory(code: string): code is string {
  return CANONICAL_CATEGORIES.has(code);
}
function isChannel(code: string): code is Channel {
  return (CHANNELS as readonly string[]).includes(code);
}
function isStatus(code: string): code is CanonicalStatus {
  return (CANONICAL_STATUSES as readonly string[]).includes(code);
}
function isCloseOutcome(code: string): code is CloseOutcome {
  return (CLOSE_OUTCOMES as readonly string[]).includes(code);
}

/** Maps every canonical value of `all` to the status row named in the table at `pointer`. */
function outboundTable<C extends string>(
  reader: VocabularyReader,
  value: unknown,
  pointer: string,
  all: readonly C[],
  statuses: ReadonlyMap<string, StatusEntry>,
): ReadonlyMap<C, StatusEntry> {
  const table = reader.object(value, pointer, all);
  const result = new Map<C, StatusEntry>();
  for (const canonical of all) {
    const code = table[canonical];
    if (typeof code !== 'string') {
      reader.fail(`${pointer}/${canonical}`, 'must name a native status code');
    }
    const entry = statuses.get(code);
    if (entry === undefined) reader.fail(`${pointer}/${canonical}`, `${code} is not in statuses`);
    result.set(canonical, entry);
  }
  return result;
}

/**
 * Checks a vocabulary file (see schemas/dialects/vocabulary.schema.json) and compiles it.
 * @throws VocabularyError naming the file and the faulty entry; call it at module load only.
 */
export function compileVocabulary(file: unknown, source: string): Vocabulary {
  const reader: VocabularyReader = new VocabularyReader(source);
  const root = reader.object(file, '', [
    '$schema',
    '$comment',
    'dialect',
    'categories',
    'channels',
    'statuses',
    'outbound',
  ]);
  reader.text(root['dialect'], '/dialect', 100);

  const categories = reader
    .entries(
      root['categories'],
      '/categories',
      isCategory,
      'a category code of schemas/routing/categories.v1.json',
    )
    .map(({ entry }) => entry);
  const channels = reader
    .entries(root['channels'], '/channels', isChannel, `one of ${CHANNELS.join(', ')}`)
    .map(({ entry }) => entry);
  const statuses = reader
    .entries(root['statuses'], '/statuses', isStatus, `one of ${CANONICAL_STATUSES.join(', ')}`, [
      'closes',
    ])
    .map(({ entry, raw }, index): StatusEntry => {
      const closes: unknown = raw['closes'] ?? false;
      if (typeof closes !== 'boolean')
        reader.fail(`/statuses/${index}/closes`, 'must be true or false');
      if (closes && !isCloseOutcome(entry.canonical)) {
        reader.fail(
          `/statuses/${index}/canonical`,
          `a closing status must be one of ${CLOSE_OUTCOMES.join(', ')}`,
        );
      }
      return { ...entry, closes };
    });

  const categoryByCode = new Map(categories.map((entry) => [entry.code, entry.canonical]));
  const categoryByCanonical = new Map<string, VocabularyEntry>();
  for (const entry of categories) {
    if (!categoryByCanonical.has(entry.canonical)) categoryByCanonical.set(entry.canonical, entry);
  }
  const channelByCode = new Map(channels.map((entry) => [entry.code, entry.canonical]));
  const channelByCanonical = new Map<Channel, VocabularyEntry<Channel>>();
  for (const entry of channels) {
    if (!channelByCanonical.has(entry.canonical)) channelByCanonical.set(entry.canonical, entry);
  }
  for (const channel of CHANNELS) {
    if (!channelByCanonical.has(channel))
      reader.fail('/channels', `no native code for channel ${channel}`);
  }
  const statusByCode = new Map(statuses.map((entry) => [entry.code, entry]));

  const outbound = reader.object(root['outbound'], '/outbound', ['statuses', 'closeOutcomes']);
  const openStatuses = outboundTable(
    reader,
    outbound['statuses'],
    '/outbound/statuses',
    CANONICAL_STATUSES,
    statusByCode,
  );
  const closingStatuses = outboundTable(
    reader,
    outbound['closeOutcomes'],
    '/outbound/closeOutcomes',
    CLOSE_OUTCOMES,
    statusByCode,
  );

  return {
    file: source,
    categories,
    channels,
    statuses,
    categoryOf: (code) => categoryByCode.get(code),
    categoryFor: (canonical) => categoryByCanonical.get(canonical),
    channelOf: (code) => channelByCode.get(code),
    channelFor: (channel) => channelByCanonical.get(channel) as VocabularyEntry<Channel>,
    statusOf: (code) => statusByCode.get(code),
    statusFor: (status) => openStatuses.get(status) as StatusEntry,
    closingStatusFor: (outcome) => closingStatuses.get(outcome) as StatusEntry,
    settableStatusCodes: statuses
      .filter((entry) => !NOT_SETTABLE.has(entry.canonical))
      .map((entry) => entry.code),
  };
}
