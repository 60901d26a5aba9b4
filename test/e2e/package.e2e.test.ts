// What n8n finds in the installed package: every node file the package.json lists, and the
// light and dark icons each node names beside it (without them n8n's editor shows no icon).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const userFolder = process.env.N8N_USER_FOLDER ?? '';
const installed = join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-lead-scoring');

describe('the package as n8n installs it', () => {
	const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};

	test.each(manifest.n8n.nodes)('%s is there with both of its icons', (nodeFile) => {
		const compiled = join(installed, nodeFile);
		expect(existsSync(compiled)).toBe(true);
		const icons = [...readFileSync(compiled, 'utf8').matchAll(/file:([\w.-]+\.svg)/g)].map(
			(match) => match[1],
		);
		expect(icons).toHaveLength(2);
		for (const icon of icons) expect(existsSync(join(dirname(compiled), icon))).toBe(true);
	});
});
