// The public API: the engine, usable without n8n, and the node classes.
export * from './lib/accountMatch';
export * from './lib/activities';
export * from './lib/assignment';
export * from './lib/assignmentState';
export * from './lib/availability';
export * from './lib/bands';
export * from './lib/capacity';
export * from './lib/crossing';
export * from './lib/csv';
export * from './lib/errors';
export * from './lib/fieldPath';
export * from './lib/json';
export * from './lib/model';
export * from './lib/modelSources';
export * from './lib/operators';
export * from './lib/roster';
export * from './lib/rotation';
export * from './lib/routing';
export * from './lib/scoring';
export * from './lib/state';
export * from './lib/strategies';
export * from './lib/territory';
export * from './lib/values';

export { AssignRep } from './nodes/AssignRep/AssignRep.node';
export { ScoreLead } from './nodes/ScoreLead/ScoreLead.node';
export { ThresholdRouter } from './nodes/ThresholdRouter/ThresholdRouter.node';
