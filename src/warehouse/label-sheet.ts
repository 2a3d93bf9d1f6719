import { toBuffer } from 'bwip-js';
import PDFDocument from 'pdfkit';

/** One label to print: the code its Code 128 barcode carries, and the lines of text under it. */
export interface PrintedLabel {
  code: string;
  title: string;
  text: string;
}

const MM = 72 / 25.4;
// A4 sheets of 3 × 7 labels of 63.5 × 38.1 mm (the common L7160 layout), so the sheet feeds any office laser printer.
const SHEET = { width: 210 * MM, height: 297 * MM, columns: 3, rows: 7, labelWidth: 63.5 * MM, labelHeight: 38.1 * MM, left: 7.2 * MM, top: 15.1 * MM, gap: 2.5 * MM };

/** The Code 128 barcode of a code, as a PNG (bwip-js, three pixels per module: sharp when printed at 300 dpi). */
export function code128Png(code: string): Promise<Buffer> {
  return toBuffer({ bcid: 'code128', text: code, scale: 3, height: 10, includetext: false, paddingwidth: 10, paddingheight: 2 });
}

/**
 * A sheet of labels as a PDF (pdfkit): each label the barcode, the code in human-readable type (a label that does not
 * scan can still be typed), and its title and text (SKU and description, or the job's customer).
 */
export async function renderLabelSheet(labels: readonly PrintedLabel[], info: { title: string }): Promise<Buffer> {
  const doc = new PDFDocument({ size: [SHEET.width, SHEET.height], margin: 0, autoFirstPage: false, info: { Title: info.title, Creator: 'TonerLoop' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const perPage = SHEET.columns * SHEET.rows;
  for (let i = 0; i < labels.length; i++) {
    if (i % perPage === 0) doc.addPage();
    const label = labels[i]!;
    const slot = i % perPage;
    const x = SHEET.left + (slot % SHEET.columns) * (SHEET.labelWidth + SHEET.gap);
    const y = SHEET.top + Math.floor(slot / SHEET.columns) * SHEET.labelHeight;
    const inner = SHEET.labelWidth - 8 * MM;
    doc.image(await code128Png(label.code), x + 4 * MM, y + 3 * MM, { fit: [inner, 15 * MM], align: 'center' });
    doc.font('Courier-Bold').fontSize(11).text(label.code, x + 4 * MM, y + 19 * MM, { width: inner, align: 'center', lineBreak: false });
    doc.font('Helvetica-Bold').fontSize(8).text(label.title, x + 4 * MM, y + 25 * MM, { width: inner, height: 10, ellipsis: true, lineBreak: false });
    doc.font('Helvetica').fontSize(7).text(label.text, x + 4 * MM, y + 29.5 * MM, { width: inner, height: 9, ellipsis: true, lineBreak: false });
  }
  if (labels.length === 0) doc.addPage();
  doc.end();
  return done;
}
