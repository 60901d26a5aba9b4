// Makes the sample data in examples/ (leads.csv, activities.csv) from a fixed seed, so the pack
// ships data of its own. The leads are invented, with the mess real form exports have: "1,000"
// employees, "Select" for an unanswered dropdown, blanks, stray spaces. Whether a lead converted
// is drawn from how senior, how large and how engaged it is, so a working model shows a gradient.
//
// Run: npm run build && node dist/scripts/makeExamples.js

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { seededRandom } from '../lib/split';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const LEADS = 300;

const random = seededRandom(20261204);
const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];

const FIRST = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea'];
const LAST = ['Abbott', 'Baker', 'Costa', 'Diaz', 'Evans', 'Fischer', 'Gupta', 'Hughes', 'Ito'];
const TITLES: Array<[string, number]> = [
	['VP Marketing', 0.9],
	['VP of Sales', 0.9],
	['Director of Operations', 0.8],
	['Marketing Director', 0.8],
	['Head of Growth', 0.75],
	['Marketing Manager', 0.5],
	['Sales Manager', 0.5],
	['Analyst', 0.3],
	['Engineer', 0.25],
	['Student', 0.05],
	['Select', 0.3],
	['', 0.3],
];
const COUNTRIES = [
	'United States',
	'United States',
	'Canada',
	'United Kingdom',
	'Germany',
	'France',
	'India',
	'Brazil',
	'N/A',
	'',
];
const SIZES: Array<[string, number]> = [
	['5', 0.1],
	['12', 0.3],
	['45', 0.4],
	['120', 0.55],
	[' 250 ', 0.6],
	['800', 0.75],
	['1,000', 0.8],
	['5,000', 0.85],
	['', 0.4],
];
const START = Date.parse('2026-09-01T00:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

function csvLine(values: Array<string | number>): string {
	return values
		.map((value) => {
			const text = String(value);
			return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
		})
		.join(',');
}

const leadRows: string[] = [
	csvLine(['email', 'name', 'jobTitle', 'company', 'companySize', 'country', 'phone', 'visits', 'converted']),
];
const activityRows: string[] = [csvLine(['key', 'type', 'at', 'url'])];

for (let index = 0; index < LEADS; index++) {
	const first = pick(FIRST);
	const last = pick(LAST);
	const company = `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay'])} ${index}`;
	const competitor = index % 97 === 13;
	const domain = competitor ? 'rivalsoft.example' : `${company.toLowerCase().replace(/\s+/g, '')}.example`;
	const email = `${first}.${last}${index}@${domain}`.toLowerCase();
	const [title, seniority] = pick(TITLES);
	const [size, scale] = pick(SIZES);
	const engagement = random();
	const visits = Math.floor(engagement * 12);

	const activities: Array<[string, number, string]> = [];
	const events = Math.floor(engagement * 6);
	for (let event = 0; event < events; event++) {
		const type = pick(['pricing_page_view', 'webinar_attended', 'content_download', 'page_view']);
		const url = type === 'pricing_page_view' ? '/pricing' : type === 'page_view' ? '/blog' : '';
		activities.push([type, START + Math.floor(random() * 90 * DAY), url]);
	}
	const demo = engagement > 0.75 && random() < 0.7;
	if (demo) activities.push(['demo_request', START + Math.floor(random() * 90 * DAY), '/demo']);
	const unsubscribed = engagement < 0.2 && random() < 0.4;
	if (unsubscribed) activities.push(['unsubscribe', START + Math.floor(random() * 90 * DAY), '']);

	const propensity = 0.05 + 0.3 * seniority * scale + 0.3 * engagement + (demo ? 0.25 : 0);
	const converted = !competitor && !unsubscribed && random() < propensity ? 1 : 0;
	const phone = random() < 0.6 ? `+1 555 01${String(index).padStart(2, '0')}` : '';

	leadRows.push(
		csvLine([email, `${first} ${last}`, title, company, size, pick(COUNTRIES), phone, visits, converted]),
	);
	for (const [type, at, url] of activities.sort((a, b) => a[1] - b[1])) {
		activityRows.push(csvLine([email, type, new Date(at).toISOString(), url]));
	}
}

writeFileSync(join(EXAMPLES, 'leads.csv'), `${leadRows.join('\n')}\n`);
writeFileSync(join(EXAMPLES, 'activities.csv'), `${activityRows.join('\n')}\n`);
process.stdout.write(`Wrote ${LEADS} leads and ${activityRows.length - 1} activities to examples/\n`);
