/**
 * What routing looks at. Structurally identical to the service-requests `RoutingInput` port, so a
 * `CompetenceRouter` plugs in there without this lib depending on that one.
 */
export interface RoutingInput {
  /** Authority id of the filer; routing does not depend on it today. */
  readonly origin: string;
  /** Category code from the taxonomy, e.g. `waste.collection`. */
  readonly category: string;
  /** INSEE code of the request's location (a current commune, or an alias of one). */
  readonly inseeCode: string;
}
