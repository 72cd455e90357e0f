/**
 * CloudEvents `type` of a canonical event: `fr.maillage.request.<kebab-case event type>.v<schema
 * version>`, e.g. `RequestFiled` v1 -> `fr.maillage.request.request-filed.v1`,
 * `StatusChanged` v1 -> `fr.maillage.request.status-changed.v1`.
 *
 * - reverse-DNS prefix (the spec's recommendation), then the aggregate (`request`, the stream
 *   category), so that a later aggregate gets its own namespace;
 * - the last two segments are the basename of the event's JSON Schema
 *   (`schemas/events/request-filed.v1.schema.json`);
 * - the version is the event's `metadata.schemaVersion`: a `v2` is a new type, never a new
 *   meaning of `v1`.
 * The mapping is a bijection on PascalCase names whose words start with one capital
 * (`RequestFiled`), which every canonical event type is.
 */
const CLOUD_EVENT_TYPE =
  /^fr\.maillage\.request\.([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)\.v([1-9][0-9]{0,5})$/;
const PASCAL_CASE = /^(?:[A-Z][a-z0-9]*)+$/;

/** The canonical event type and schema version named by a CloudEvents type. */
export interface CanonicalEventType {
  readonly eventType: string;
  readonly schemaVersion: number;
}

/** `fr.maillage.request.<kebab>.v<version>`, or null if `eventType` is not PascalCase or `schemaVersion` not a positive integer. */
export function cloudEventTypeOf(eventType: string, schemaVersion: number): string | null {
  if (!PASCAL_CASE.test(eventType) || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    return null;
  }
  const kebab = eventType.replace(/(?!^)([A-Z])/g, '-$1').toLowerCase();
  return `fr.maillage.request.${kebab}.v${schemaVersion}`;
}

/** The reverse of {@link cloudEventTypeOf}; null when `ceType` is not a Maillage request event type. */
export function parseCloudEventType(ceType: string): CanonicalEventType | null {
  const match = CLOUD_EVENT_TYPE.exec(ceType);
  if (!match) return null;
  const [, kebab = '', version = ''] = match;
  const eventType = kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return { eventType, schemaVersion: Number(version) };
}
