import type { Browser } from 'playwright-core';

/** The flags Debian's Chromium needs on these machines: root, no GPU, a closed network. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium at `executablePath`, headless, driven by playwright-core (a development dependency, loaded on demand). */
export async function launchChromium(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}
