// n8n-core keeps a settings folder; the tests share one throwaway folder instead of each jest
// worker making its own.
const { join } = require('node:path');
const { tmpdir } = require('node:os');

process.env.N8N_USER_FOLDER ??= join(tmpdir(), 'lead-scoring-jest-n8n');
