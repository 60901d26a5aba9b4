// Email domains: the part of an address that says where a lead works, or that it gave a private
// address (gmail.com) rather than a work one.

import freeMail from './data/freeMailDomains.json';

const FREE_MAIL_DOMAINS = new Set(freeMail.domains);

// "Ana@Mail.Example.com " gives "mail.example.com"; a value without "@" is taken as a domain, so
// a "website" or "domain" field can be tested the same way.
export function domainOf(value: string): string {
	const text = value.trim().toLowerCase();
	const domain = text.slice(text.lastIndexOf('@') + 1);
	return domain.replace(/^www\./, '').replace(/\.$/, '');
}

// "@acme.com", "Acme.com" and "acme.com" in a model all mean acme.com.
export function normalizeDomain(entry: string): string {
	return entry.trim().toLowerCase().replace(/^@/, '');
}

// A domain matches itself and its subdomains: eu.acme.com is acme.com, notacme.com is not.
export function domainIsWithin(domain: string, parent: string): boolean {
	return domain === parent || domain.endsWith(`.${parent}`);
}

export function isFreeMailDomain(domain: string): boolean {
	if (FREE_MAIL_DOMAINS.has(domain)) return true;
	for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
		if (FREE_MAIL_DOMAINS.has(domain.slice(dot + 1))) return true;
	}
	return false;
}
