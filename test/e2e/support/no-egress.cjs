/*
 * Preloaded into every n8n process of the e2e suite (NODE_OPTIONS=--require). It refuses any TCP
 * connection that does not go to the loopback interface and logs it, so the tests can assert
 * that n8n did not phone home, and so nothing reaches the internet even if a setting that turns
 * a feature off is missed. Plain JavaScript: n8n 1.x runs on Node 20, which cannot load .ts.
 * http, https, tls, undici and fetch all end in net.Socket.prototype.connect.
 */
'use strict';

const net = require('node:net');

const MARKER = '[e2e no-egress] blocked';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '::ffff:127.0.0.1']);
const original = net.Socket.prototype.connect;

function target(args) {
	// Node's own callers pass one normalised array: [options, callback].
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	if (first !== null && typeof first === 'object') {
		if (first.path) return undefined; // a Unix socket is local
		return { host: first.host || 'localhost', port: first.port };
	}
	if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // a path
	const host = typeof args[1] === 'string' ? args[1] : 'localhost';
	return { host, port: first };
}

net.Socket.prototype.connect = function connect(...args) {
	const to = target(args);
	if (to && !LOOPBACK.has(String(to.host).toLowerCase())) {
		process.stderr.write(`${MARKER} ${to.host}:${to.port} (pid ${process.pid})\n`);
		const error = Object.assign(new Error(`e2e: no egress to ${to.host}:${to.port}`), { code: 'ECONNREFUSED' });
		process.nextTick(() => this.destroy(error));
		return this;
	}
	return original.apply(this, args);
};
