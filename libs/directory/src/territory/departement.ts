/**
 * A département. The data also lists the overseas collectivities (975 Saint-Pierre-et-Miquelon,
 * 977, 978, 984 TAAF, 986, 987, 988, 989) as pseudo-départements with zone `com`; they are kept so
 * that every commune has one, and `zone` tells them apart.
 */
export interface Departement {
  /** `01`…`95`, `2A`, `2B`, `971`…`976`, and the `com` pseudo-codes. */
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  readonly regionName: string;
  /** `metro` (mainland and Corsica), `drom` (overseas départements), `com` (overseas collectivities). */
  readonly zone: 'metro' | 'drom' | 'com';
}
