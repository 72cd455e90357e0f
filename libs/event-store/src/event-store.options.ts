/**
 * Which adapter backs the event store, parsed once at boot (see `@maillage/config`).
 * - `sqlite`: the embedded default; `path` is the database file (its directory is created).
 * - `postgres`: `schema` defaults to `maillage`, `poolSize` to 10.
 * - `eventstoredb`: e.g. `esdb://localhost:2113?tls=false`.
 */
export type EventStoreOptions =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schema?: string;
      readonly poolSize?: number;
    }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };
