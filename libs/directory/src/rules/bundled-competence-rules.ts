import competenceRulesV1 from '../../../../schemas/routing/competence-rules.v1.json';
import type { CompetenceRules } from './competence-rules';
import { parseCompetenceRules } from './parse-competence-rules';

/**
 * The rules shipped in `schemas/routing/competence-rules.v1.json`, validated. Imported so that the
 * build carries them; a deployment with its own rules passes its file to `parseCompetenceRules`.
 */
export function bundledCompetenceRules(): CompetenceRules {
  return parseCompetenceRules(competenceRulesV1);
}
