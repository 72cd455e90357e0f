import { CANONICAL_STATUSES, type CanonicalStatus } from '@maillage/domain';
import vocabularyFile from '../../../../schemas/dialects/open311-v2/vocabulary.json';
import { CANONICAL_CATEGORIES } from '../vocabulary/canonical-categories';
import { VocabularyError } from '../vocabulary/vocabulary-error';

const FILE = 'schemas/dialects/open311-v2/vocabulary.json';

/** One GeoReport v2 service type, and the hub category it stands for. */
export interface Open311Service {
  readonly code: string;
  readonly canonical: string;
  readonly name: string;
  readonly description: string;
  readonly group: string;
  readonly keywords: readonly string[];
}

export interface Open311Vocabulary {
  readonly services: readonly Open311Service[];
  readonly serviceOf: (code: string) => Open311Service | undefined;
  /** The service listed for a canonical category: the first one mapped to it. */
  readonly serviceFor: (category: string) => Open311Service | undefined;
  /** `status_notes` when a request has no note of its own. */
  readonly statusNote: (status: CanonicalStatus) => string;
}

function fail(pointer: string, problem: string): never {
  throw new VocabularyError(FILE, pointer, problem);
}

function text(value: unknown, pointer: string, maxLength: number): string {
  if (
    typeof value !== 'string' ||
    value.trim() !== value ||
    value === '' ||
    value.length > maxLength
  ) {
    fail(
      pointer,
      `must be a non-empty string of at most ${maxLength} characters, without outer spaces`,
    );
  }
  return value;
}

function object(
  value: unknown,
  pointer: string,
  known: readonly string[],
): Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(pointer, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`${pointer}/${key}`, `unknown key (known: ${known.join(', ')})`);
  }
  return value as Readonly<Record<string, unknown>>;
}

/**
 * Checks schemas/dialects/open311-v2/vocabulary.json and compiles it.
 * @throws VocabularyError naming the faulty entry; called once, at module load.
 */
export function compileOpen311Vocabulary(file: unknown): Open311Vocabulary {
  const root = object(file, '', ['$schema', '$comment', 'dialect', 'services', 'statusNotes']);
  const list = root['services'];
  if (!Array.isArray(list) || list.length === 0) fail('/services', 'must be a non-empty list');
  const services = (list as unknown[]).map((item, index): Open311Service => {
    const at = `/services/${index}`;
    const raw = object(item, at, ['code', 'canonical', 'name', 'description', 'group', 'keywords']);
    const canonical = text(raw['canonical'], `${at}/canonical`, 100);
    if (!CANONICAL_CATEGORIES.has(canonical)) {
      fail(`${at}/canonical`, 'must be a category code of schemas/routing/categories.v1.json');
    }
    const keywords = raw['keywords'] ?? [];
    if (!Array.isArray(keywords)) fail(`${at}/keywords`, 'must be a list of strings');
    return {
      code: text(raw['code'], `${at}/code`, 100),
      canonical,
      name: text(raw['name'], `${at}/name`, 300),
      description: text(raw['description'], `${at}/description`, 1000),
      group: text(raw['group'], `${at}/group`, 100),
      keywords: (keywords as unknown[]).map((keyword, position) => {
        const word = text(keyword, `${at}/keywords/${position}`, 100);
        // Keywords travel as one comma-separated string in services.json.
        if (word.includes(',')) fail(`${at}/keywords/${position}`, 'must not contain a comma');
        return word;
      }),
    };
  });
  const byCode = new Map<string, Open311Service>();
  const byCategory = new Map<string, Open311Service>();
  services.forEach((service, index) => {
    if (byCode.has(service.code))
      fail(`/services/${index}/code`, `${service.code} is listed twice`);
    byCode.set(service.code, service);
    if (!byCategory.has(service.canonical)) byCategory.set(service.canonical, service);
  });
  const notesTable = object(root['statusNotes'], '/statusNotes', CANONICAL_STATUSES);
  const notes = new Map<CanonicalStatus, string>(
    CANONICAL_STATUSES.map((status) => [
      status,
      text(notesTable[status], `/statusNotes/${status}`, 2000),
    ]),
  );
  return {
    services,
    serviceOf: (code) => byCode.get(code),
    serviceFor: (category) => byCategory.get(category),
    statusNote: (status) => notes.get(status) ?? status,
  };
}

/** schemas/dialects/open311-v2/vocabulary.json, compiled once at module load. */
export const OPEN311_VOCABULARY = compileOpen311Vocabulary(vocabularyFile);
