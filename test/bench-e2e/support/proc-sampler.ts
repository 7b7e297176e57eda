/**
 * CPU time and resident memory of other processes (a real n8n and its task runner), read from
 * Linux's /proc, so that the bench measures n8n's processes and not its own. Sampling every
 * 100 ms gives a timeline: CPU between two instants (for example while one node ran) and the
 * peak RSS over a stretch.
 *
 * /proc/<pid>/stat gives utime + stime in clock ticks (10 ms here); /proc/<pid>/statm the
 * resident pages. Both cost a few microseconds to read.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

function sysconf(name: string, fallback: number): number {
	try {
		const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
		return Number.isFinite(value) && value > 0 ? value : fallback;
	} catch {
		return fallback;
	}
}

const TICKS_PER_SECOND = sysconf('CLK_TCK', 100);
const PAGE_BYTES = sysconf('PAGESIZE', 4096);

export interface ProcReading {
	/** User + system CPU time since the process started. */
	cpuMs: number;
	rssBytes: number;
}

/** One process's CPU and RSS now; undefined once it has exited. */
export function readProcess(pid: number): ProcReading | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name is in parentheses and may hold spaces: count fields after its ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of proc(5)
		const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
		return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, rssBytes: Number(statm[1]) * PAGE_BYTES };
	} catch {
		return undefined;
	}
}

/** The process's direct children (from every thread's `children` list). */
export function childrenOf(pid: number): number[] {
	const children = new Set<number>();
	try {
		for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
			const text = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
			for (const child of text.split(/\s+/).filter(Boolean)) children.add(Number(child));
		}
	} catch {
		// Gone, or no permission: no children known.
	}
	return [...children];
}

/** Every process below `pid` (children, their children …). */
export function descendantsOf(pid: number): number[] {
	const found: number[] = [];
	const queue = childrenOf(pid);
	while (queue.length > 0) {
		const next = queue.shift() as number;
		found.push(next);
		queue.push(...childrenOf(next));
	}
	return found;
}

/** The command line, for telling a task runner from other children. */
export function commandOf(pid: number): string {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

export interface ProcSample {
	/** Date.now() of the reading: the clock n8n's run data and the fake's log use. */
	at: number;
	/** CPU of every process seen so far in the group, exited ones included at their last reading. */
	cpuMs: number;
	/** RSS of the group's live processes. */
	rssBytes: number;
	pids: number[];
}

/**
 * Samples a group of processes: `pids()` is asked at every tick (a task runner can come and go),
 * and a process that exits keeps the CPU it was last seen with.
 */
export class ProcSampler {
	private readonly timeline: ProcSample[] = [];
	private readonly lastCpu = new Map<number, number>();
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly pids: () => number[],
		private readonly intervalMs = 100,
	) {}

	/** A group of one process. */
	static of(pid: number, intervalMs?: number): ProcSampler {
		return new ProcSampler(() => [pid], intervalMs);
	}

	start(): this {
		this.sample();
		this.timer ??= setInterval(() => this.sample(), this.intervalMs);
		return this;
	}

	stop(): ProcSample {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		return this.sample();
	}

	sample(): ProcSample {
		let rssBytes = 0;
		const live: number[] = [];
		for (const pid of this.pids()) {
			const reading = readProcess(pid);
			if (!reading) continue;
			live.push(pid);
			rssBytes += reading.rssBytes;
			this.lastCpu.set(pid, reading.cpuMs);
		}
		let cpuMs = 0;
		for (const value of this.lastCpu.values()) cpuMs += value;
		const sample = { at: Date.now(), cpuMs, rssBytes, pids: live };
		this.timeline.push(sample);
		return sample;
	}

	get samples(): readonly ProcSample[] {
		return this.timeline;
	}

	/** CPU used between two instants, read off the timeline by linear interpolation. */
	cpuMsBetween(from: number, to: number): number {
		return Math.max(0, this.cpuAt(to) - this.cpuAt(from));
	}

	private cpuAt(at: number): number {
		const line = this.timeline;
		if (line.length === 0) return 0;
		if (at <= line[0].at) return line[0].cpuMs;
		for (let i = 1; i < line.length; i++) {
			if (line[i].at >= at) {
				const [a, b] = [line[i - 1], line[i]];
				const share = b.at === a.at ? 1 : (at - a.at) / (b.at - a.at);
				return a.cpuMs + (b.cpuMs - a.cpuMs) * share;
			}
		}
		return line[line.length - 1].cpuMs;
	}

	/** The highest RSS sampled in [from, to] (the whole timeline by default). */
	peakRssBytes(from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY): number {
		let peak = 0;
		for (const sample of this.timeline) {
			if (sample.at >= from && sample.at <= to) peak = Math.max(peak, sample.rssBytes);
		}
		return peak;
	}

	/** Forgets the timeline (between runs), keeping the CPU bookkeeping of exited processes. */
	reset(): void {
		this.timeline.length = 0;
	}
}
