// The kinds of YAML document journeyctl reads, each with its schema and the words its
// messages use. Config files are a kind too, defined in src/config/load.ts, because their
// messages suggest rule ids (which sit above this tier).
import { journey as validateJourney, personas as validatePersonas, tests as validateTests } from '../generated/validators.js';
import type { DocumentKind } from './document.js';
import { describeJourneyPath, journeyKeys } from './schema.js';

/** Journey files (`*.journey.yaml`): schemas/journey.schema.json. */
export const JOURNEY_DOCUMENT: DocumentKind = { validate: validateJourney, describe: describeJourneyPath, keysAt: journeyKeys };

/** Personas files (`*.personas.yaml`): schemas/personas.schema.json. */
export const PERSONAS_DOCUMENT: DocumentKind = { validate: validatePersonas, describe: describePersonasPath };

/** Scenario files (`*.test.yaml`): schemas/tests.schema.json; a plain list of scenarios is accepted too. */
export const TESTS_DOCUMENT: DocumentKind = {
  validate: validateTests,
  // Scenarios read as in a journey's own `tests:`, whether the file is a list or `{ journey, tests }`.
  describe: (path) => describeJourneyPath(typeof path[0] === 'number' ? ['tests', ...path] : path),
  allowList: true,
};

function describePersonasPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'The personas file';
  if (path[0] === 'personas' && typeof path[1] === 'number') {
    const rest = path.slice(2);
    return `Persona ${path[1] + 1}${rest.length ? `, \`${rest.join('.')}\`` : ''}`;
  }
  return `\`${path.join('.')}\``;
}
