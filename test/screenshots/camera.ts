/**
 * Taking a picture of the editor for docs/images/: the pointer parked where it highlights
 * nothing, panels given time to finish animating, and a clip around what the picture shows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { seconds } from '../e2e/setup/run-command';
import { ROOT } from '../e2e/setup/versions';
import { VIEWPORT } from '../e2e/support/browser';

export const OUT_DIR = path.join(ROOT, 'docs', 'images');

/** Toasts come and go with timing; a text cursor blinks. Neither belongs in a picture. */
export const STILL_CSS = '.el-notification { display: none !important; } * { caret-color: transparent !important; }';

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

export interface Shot {
	file: string;
	shows: string;
}

export function log(message: string): void {
	process.stdout.write(`[screenshots] ${message}\n`);
}

export async function box(locator: Locator): Promise<Box> {
	const found = await locator.boundingBox();
	if (!found) throw new Error(`Not visible: ${locator.toString()}`);
	return found;
}

/**
 * A node's details view from its top-left corner to just past `last`: the input and parameter
 * panels, without the output panel.
 */
export function ndvClip(ndv: Box, last: Box): Box {
	// A few pixels in from the left: the canvas's floating input-node buttons overlap that edge.
	const x = Math.floor(ndv.x) + 3;
	const y = Math.floor(ndv.y);
	const right = Math.ceil(last.x + last.width + 16);
	const bottom = Math.min(Math.ceil(last.y + last.height + 24), Math.floor(ndv.y + ndv.height));
	return { x, y, width: right - x, height: bottom - y };
}

export class Camera {
	readonly shots: Shot[] = [];
	private lastShotAt = Date.now();

	/** @param only file names to take (all when empty): `npm run screenshots -- credential.png` */
	constructor(
		readonly page: Page,
		private readonly only: string[] = [],
	) {}

	wants(...files: string[]): boolean {
		return this.only.length === 0 || files.some((file) => this.only.includes(file));
	}

	/**
	 * Parks the pointer where hovering highlights nothing: on the node view's title bar, or else
	 * on empty canvas (or a dialog's backdrop) above the Execute workflow button.
	 */
	private async restMouse(): Promise<void> {
		const title = this.page.getByTestId('node-title-container');
		if (await title.isVisible()) {
			const at = await box(title);
			await this.page.mouse.move(at.x + at.width + 40, at.y + at.height / 2);
		} else {
			const height = this.page.viewportSize()?.height ?? VIEWPORT.height;
			await this.page.mouse.move(VIEWPORT.width / 2, height - 160);
		}
	}

	private async settle(): Promise<void> {
		await this.page.waitForLoadState('networkidle');
		// Panels animate open; fonts and icons arrive after the DOM.
		await this.page.waitForTimeout(800);
	}

	async shoot(file: string, shows: string, clip?: () => Promise<Box>): Promise<void> {
		if (!this.wants(file)) return;
		await this.restMouse();
		await this.settle();
		const target = path.join(OUT_DIR, file);
		await this.page.screenshot({ path: target, clip: clip ? await clip() : undefined, animations: 'disabled' });
		this.shots.push({ file, shows });
		log(`${file} (${seconds(this.lastShotAt)} s): ${Math.round(fs.statSync(target).size / 1024)} KB, ${shows}`);
		this.lastShotAt = Date.now();
	}
}
