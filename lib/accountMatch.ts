// Lead-to-account matching: a rep who already owns the lead's company keeps it. Companies are
// compared by email domain or by name, normalised so that "ACME, Inc." and "Acme Inc" and
// "www.acme.com" and "sales@acme.com" find the same account.

import { LeadDataError } from './errors';
import { readField } from './fieldPath';
import type { Rep } from './roster';
import { isMissing, leadKeyText } from './values';

export interface AccountOwner {
	// A company name or a domain.
	account: string;
	// The owner: a rep id, CRM owner id or email on the roster.
	owner: string;
}

// Mailbox providers say nothing about the lead's company: two gmail.com leads are not one
// account. A short list of the common ones; a lookup entry for them never matches.
const PUBLIC_DOMAINS = new Set([
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'live.com',
	'yahoo.com',
	'icloud.com',
	'me.com',
	'aol.com',
	'proton.me',
	'protonmail.com',
	'gmx.de',
	'gmx.net',
	'web.de',
	'mail.ru',
	'yandex.ru',
	'qq.com',
]);

const LEGAL_FORMS = new Set([
	'inc',
	'incorporated',
	'llc',
	'ltd',
	'limited',
	'corp',
	'corporation',
	'co',
	'company',
	'gmbh',
	'ag',
	'sa',
	'sas',
	'sarl',
	'bv',
	'nv',
	'plc',
	'srl',
	'spa',
	'oy',
	'ab',
	'as',
	'pty',
	'kg',
]);

export function normaliseDomain(value: string): string {
	const text = value.trim().toLowerCase();
	const afterAt = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
	return afterAt
		.replace(/^[a-z]+:\/\//, '')
		.replace(/^www\./, '')
		.replace(/[/:?#].*$/, '');
}

export function normaliseCompany(value: string): string {
	const words = value
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()
		.split(' ')
		.filter((word) => word !== '');
	while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1])) words.pop();
	return words.join(' ');
}

// An account entry with a dot and no space is a domain; anything else is a company name.
function accountKey(account: string): string {
	const text = account.trim();
	return /^[^\s]+\.[^\s]+$/.test(text)
		? `domain:${normaliseDomain(text)}`
		: `name:${normaliseCompany(text)}`;
}

export interface AccountFields {
	companyField: string;
	emailField: string;
	// A field filled upstream (e.g. from a CRM lookup) with the owner's rep id or CRM owner id.
	ownerField: string;
}

export interface AccountMatch {
	rep: Rep;
	// "acme.com", "company Acme Inc", or the owner field's name, for the explanation.
	via: string;
}

export function findAccountOwner(
	lead: Record<string, unknown>,
	roster: Rep[],
	owners: AccountOwner[],
	fields: AccountFields,
): AccountMatch | undefined {
	if (fields.ownerField !== '') {
		const owner = readField(lead, fields.ownerField);
		const rep = isMissing(owner) ? undefined : findRep(roster, String(owner));
		if (rep !== undefined) return { rep, via: `the owner in "${fields.ownerField}"` };
	}
	// Without an account list there is nothing to look the lead's domain or company up in.
	if (owners.length === 0) return undefined;

	const keys: Array<[string, string]> = [];
	const email = leadKeyText(readField(lead, fields.emailField));
	if (email !== undefined && email.includes('@')) {
		const domain = normaliseDomain(email);
		if (!PUBLIC_DOMAINS.has(domain)) {
			for (const parent of parentDomains(domain)) keys.push([`domain:${parent}`, parent]);
		}
	}
	const company = readField(lead, fields.companyField);
	if (!isMissing(company) && typeof company !== 'object') {
		keys.push([`name:${normaliseCompany(String(company))}`, `company ${String(company).trim()}`]);
	}

	for (const [key, via] of keys) {
		const entry = owners.find((candidate) => accountKey(candidate.account) === key);
		const rep = entry && findRep(roster, entry.owner);
		if (rep !== undefined) return { rep, via };
	}
	return undefined;
}

// "jo@emea.acme.com" belongs to the account acme.com: the domain first, then each parent with
// at least two labels.
function parentDomains(domain: string): string[] {
	const labels = domain.split('.');
	return labels.slice(0, -1).map((_, index) => labels.slice(index).join('.'));
}

// With the roster set in the node, an Account Owners row that names nobody on it, or is half
// filled in, would never match: it is an error rather than a silent miss.
export function checkAccountOwners(owners: AccountOwner[], roster: Rep[]): void {
	owners.forEach(({ account, owner }, index) => {
		const row = `Account Owners row ${index + 1}`;
		if (account.trim() === '' || owner.trim() === '') {
			throw new LeadDataError(
				`${row} has no ${account.trim() === '' ? 'account' : 'owner'}`,
				'give every row a company name or domain and the rep who owns it, or remove the row',
			);
		}
		if (findRep(roster, owner) === undefined) {
			throw new LeadDataError(
				`${row} (${JSON.stringify(account)}) names the owner ${JSON.stringify(owner)}, ` +
					'who is not on the roster',
				"set Owner to a rep's ID, CRM owner ID or email from Reps, or add that rep",
			);
		}
	});
}

// Owners are named the way the CRM or the sheet knows them: rep id, CRM owner id or email.
export function findRep(roster: Rep[], name: string): Rep | undefined {
	const wanted = name.trim().toLowerCase();
	if (wanted === '') return undefined;
	return (
		roster.find((rep) => rep.id.toLowerCase() === wanted) ??
		roster.find((rep) => rep.crmOwnerId.toLowerCase() === wanted) ??
		roster.find((rep) => rep.email.toLowerCase() === wanted)
	);
}
