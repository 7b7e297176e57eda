/**
 * Report helpers of the real-n8n benches: the n8n-core bench's table and number formats
 * (test/bench/report.ts), plus what a run on a shared machine must state next to its figures:
 * the load average when it ran, and memory in MB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export { goalTable, num, percent, section, seconds, table, times, type Goal } from '../../bench/report';
import { num } from '../../bench/report';

export interface LoadAverage {
	one: number;
	five: number;
	fifteen: number;
}

export function loadAverage(): LoadAverage {
	const [one, five, fifteen] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
	return { one, five, fifteen };
}

/** "load 0.42 / 0.61 / 0.80 (1, 5, 15 min) on 2 cores" */
export function loadText(load: LoadAverage = loadAverage()): string {
	return `load ${load.one.toFixed(2)} / ${load.five.toFixed(2)} / ${load.fifteen.toFixed(2)} (1, 5, 15 min) on ${os.cpus().length} cores`;
}

/** Quiet enough that CPU figures mean something: a 1-minute load under half the cores. */
export function isQuiet(load: LoadAverage = loadAverage()): boolean {
	return load.one < os.cpus().length / 2;
}

export function machineText(): string {
	const cpus = os.cpus();
	return `${cpus.length} CPU cores (${cpus[0]?.model.trim() ?? 'unknown'}) · ${os.platform()} ${os.arch()} · ${Math.round(os.totalmem() / 1024 ** 3)} GB`;
}

export function mb(bytes: number): string {
	return `${num(bytes / 1024 / 1024)} MB`;
}

/** "+123 MB", "−4 MB" */
export function mbDelta(bytes: number): string {
	const value = Math.round(bytes / 1024 / 1024);
	return `${value < 0 ? '−' : '+'}${num(Math.abs(value))} MB`;
}

export function ms(value: number, digits = 3): string {
	return `${num(value, digits)} ms`;
}

/** A date and a load line for the top of a report. */
export function stamp(): string {
	return `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC · ${loadText()}`;
}
