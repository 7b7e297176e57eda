import { amount, count, domainOf, text, texts } from '../../nodes/ApolloEnrich/protocol/simplifyValues';

describe('text', () => {
	it('keeps text, writes finite numbers as text, and turns blanks and the rest into null', () => {
		expect(text('Jane')).toBe('Jane');
		expect(text(42)).toBe('42');
		expect(text('   ')).toBeNull();
		expect(text(Number.NaN)).toBeNull();
		expect(text(null)).toBeNull();
		expect(text({ a: 1 })).toBeNull();
	});
});

describe('count and amount', () => {
	it('read whole counts, also from digits-only text', () => {
		expect(count(120)).toBe(120);
		expect(count(' 350 ')).toBe(350);
		expect(count('1,200')).toBeNull();
		expect(count('12.5')).toBeNull();
	});
	it('read money amounts with decimals, but no currency signs', () => {
		expect(amount('61000000.5')).toBe(61000000.5);
		expect(amount(-3)).toBe(-3);
		expect(amount('$61M')).toBeNull();
		expect(amount(Number.POSITIVE_INFINITY)).toBeNull();
	});
});

describe('texts', () => {
	it('keeps distinct non-blank texts in order, and anything but a list is empty', () => {
		expect(texts(['Sales', '', 'Sales', 7, null, 'Ops'])).toEqual(['Sales', '7', 'Ops']);
		expect(texts('Sales')).toEqual([]);
	});
});

describe('domainOf', () => {
	it("prefers Apollo's primary domain, else the website's host without www", () => {
		expect(domainOf({ primary_domain: 'acme.com', website_url: 'https://www.other.com' })).toBe('acme.com');
		expect(domainOf({ website_url: 'https://www.acme.io/about' })).toBe('acme.io');
		expect(domainOf({ website_url: 'acme.dev' })).toBe('acme.dev');
		expect(domainOf({ website_url: 'http://' })).toBeNull();
		expect(domainOf({})).toBeNull();
	});
});
