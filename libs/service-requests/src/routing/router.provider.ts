import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { MAILLAGE_CONFIG, type MaillageConfig } from '@maillage/config';
import {
  CompetenceRouter,
  bundledCategoryTaxonomy,
  bundledCompetenceRules,
  parseCompetenceRules,
  sharedTerritory,
} from '@maillage/directory';
import { ROUTER } from '../persistence/tokens';

/**
 * Competence routing on the real territory. The rules are the bundled, versioned file unless
 * MAILLAGE_COMPETENCE_RULES names a deployment's own; either is validated at boot.
 */
export const RouterProvider: Provider = {
  provide: ROUTER,
  inject: [MAILLAGE_CONFIG],
  useFactory: (config: MaillageConfig) =>
    new CompetenceRouter(
      sharedTerritory(),
      bundledCategoryTaxonomy(),
      config.competenceRulesFile
        ? parseCompetenceRules(
            JSON.parse(readFileSync(config.competenceRulesFile, 'utf8')) as unknown,
          )
        : bundledCompetenceRules(),
    ),
};
