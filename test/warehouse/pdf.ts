import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCommand } from '../support/debian.js';

/** Runs `work` in a fresh directory holding the PDF as doc.pdf, and removes it after. */
function withPdf<T>(pdf: Buffer, work: (dir: string, file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tonerloop-pdf-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    return work(dir, join(dir, 'doc.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Code 128 barcodes on a PDF's pages, as an independent reader sees them: rendered by Debian's pdftoppm at 300 dpi, decoded by zbarimg; sorted. */
export function decodeBarcodes(pdf: Buffer): string[] {
  const pdftoppm = ensureCommand('pdftoppm', 'poppler-utils');
  const zbarimg = ensureCommand('zbarimg', 'zbar-tools');
  return withPdf(pdf, (dir, file) => {
    execFileSync(pdftoppm, ['-r', '300', '-png', file, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).map((f) => join(dir, f));
    let out = '';
    try {
      out = execFileSync(zbarimg, ['--raw', '-q', '-Sdisable', '-Scode128.enable', ...pages], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      // zbarimg exits 4 when a page has no barcode; what it found on the others is still on stdout.
      out = (error as { stdout?: string }).stdout ?? '';
    }
    return out.trim().split('\n').filter(Boolean).sort();
  });
}

/** A PDF's text as poppler's pdftotext extracts it (layout kept, so a table row stays on one line). */
export function pdfText(pdf: Buffer): string {
  const pdftotext = ensureCommand('pdftotext', 'poppler-utils');
  return withPdf(pdf, (_dir, file) => execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' }));
}
