/**
 * The levels of local government Maillage routes between. Regions are deliberately absent: no
 * regional GRC tool takes part yet, so regional competences are routed to a level that does (see
 * the notes in `schemas/routing/categories.v1.json`). Same values as the domain's `AuthorityLevel`.
 */
export type TerritorialLevel = 'commune' | 'epci' | 'departement';

/** Every level, in the order authority ids are usually listed. */
export const TERRITORIAL_LEVELS: readonly TerritorialLevel[] = ['commune', 'epci', 'departement'];
