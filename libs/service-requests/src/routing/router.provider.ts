import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  CompetenceRouter,
  TerritoryDirectory,
  bundledCategoryTaxonomy,
  bundledCompetenceRules,
  parseCompetenceRules,
} from '@maillage/directory';
import { ROUTER } from '../persistence/tokens';

/** The territory is 35 000 communes: load it once per process, at boot, not per module. */
let territory: TerritoryDirectory | null = null;
function loadedTerritory(): TerritoryDirectory {
  if (!territory) {
    territory = new TerritoryDirectory();
    territory.load();
  }
  return territory;
}

/**
 * Competence routing on the real territory. The rules are the bundled, versioned file unless
 * MAILLAGE_COMPETENCE_RULES names a deployment's own; either is validated at boot.
 */
export const RouterProvider: Provider = {
  provide: ROUTER,
  inject: [MAILLAGE_CONFIG],
  useFactory: (config: MaillageConfig) =>
    new CompetenceRouter(
      loadedTerritory(),
      bundledCategoryTaxonomy(),
      config.competenceRulesFile
        ? parseCompetenceRules(
            JSON.parse(readFileSync(config.competenceRulesFile, 'utf8')) as unknown,
          )
        : bundledCompetenceRules(),
    ),
};
