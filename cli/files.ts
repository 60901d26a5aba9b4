// Reading the files the command line, the demo and eval are given. Outside lib/: n8n never runs
// this, and lib/ may not touch the file system.

import { readFileSync } from 'node:fs';

import { LeadDataError } from '../lib/errors';

const READ_PROBLEMS: Record<string, string> = {
	ENOENT: 'there is no such file',
	EISDIR: 'it is a folder, not a file',
	EACCES: 'permission denied',
};

// `what` says which file it is ("the leads file"). The system's message repeats the path, so the
// usual causes are said in words instead.
export function readTextFile(file: string, what = ''): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		const reason = READ_PROBLEMS[code] ?? String(error).replace(/^Error: /, '');
		throw new LeadDataError(
			`Cannot read ${what ? `${what} ` : ''}"${file}": ${reason}`,
			'check the file name and its folder (a relative path starts from the current folder)',
		);
	}
}
