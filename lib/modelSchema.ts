// The JSON Schema of the model format, for editors and CI checks of model files. It ships in
// the package (dist/lib/data/scoringModel.schema.json) and `lead-scoring schema` prints it. The
// engine's own check (lib/model.ts) is stricter and is the one that decides.

import schema from './data/scoringModel.schema.json';

export const MODEL_SCHEMA: Readonly<Record<string, unknown>> = schema;
