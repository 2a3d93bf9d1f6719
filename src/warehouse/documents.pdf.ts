import PDFDocument from 'pdfkit';
import type { DocumentJob } from './documents.repository.js';
import { code128Png } from './label-sheet.js';
import type { BinPick, PickLine } from './pick-list.js';

type Doc = InstanceType<typeof PDFDocument>;
const MM = 72 / 25.4;
const A4: [number, number] = [210 * MM, 297 * MM];
const MARGIN = 15 * MM;
// The order label's barcode at about 0.5 mm a module: a handheld scanner reads it from a box on the bench.
const ORDER_BARCODE = { width: 70 * MM, height: 16 * MM };

/** A PDF built by `draw` into a buffer (pdfkit streams it). */
async function pdf(size: [number, number], title: string, draw: (doc: Doc) => Promise<void>): Promise<Buffer> {
  const doc = new PDFDocument({ size, margin: MARGIN, info: { Title: title, Creator: 'TonerLoop' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  await draw(doc);
  doc.end();
  return done;
}

/** The delivery address as lines: site, street, postcode and city, country. */
export function addressLines(job: DocumentJob): string[] {
  if (!job.site) return [];
  const s = job.site;
  return [job.customerName, s.name, s.address, [s.postcode, s.city].filter(Boolean).join(' '), s.country].filter((l): l is string => !!l && l.trim() !== '');
}

const printerOf = (job: DocumentJob) => [job.deviceModel ?? 'Printer', job.deviceSerial && `serial ${job.deviceSerial}`, job.deviceLocation].filter(Boolean).join(' · ');

/** Starts a new page when less than `height` is left on this one. */
function room(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

/** A row of cells at fixed x positions (widths in mm), one line high, cut with an ellipsis rather than wrapped. */
function row(doc: Doc, cells: [string, number][], font = 'Helvetica', size = 9) {
  room(doc, size + 4);
  const y = doc.y;
  let x = MARGIN;
  doc.font(font).fontSize(size);
  for (const [text, width] of cells) {
    doc.text(text, x, y, { width: width * MM - 2, height: size + 2, ellipsis: true, lineBreak: false });
    x += width * MM;
  }
  doc.x = MARGIN;
  doc.y = y + size + 4;
}

/** A job's order label: the Code 128 barcode of its number, big enough to scan, and the number in type under it. */
async function orderLabel(doc: Doc, label: string, x: number, y: number) {
  doc.image(await code128Png(label), x, y, { fit: [ORDER_BARCODE.width, ORDER_BARCODE.height] });
  doc.font('Courier-Bold').fontSize(14).text(label, x, y + ORDER_BARCODE.height + 1 * MM, { width: ORDER_BARCODE.width, lineBreak: false });
}

/** A job on the pick list or in a wave. */
export interface PickJob {
  job: DocumentJob;
  orderLabel: string;
  lines: PickLine[];
}

/**
 * The pick list of a wave (A4): first the picks by bin (walk each bin once, SKU, quantity, for which jobs), then each
 * job with its order label (Code 128 of its number, to stick on or scan from the box), its lines and where it goes.
 */
export function renderPickList(wave: { jobs: PickJob[]; bins: BinPick[]; backorders: PickLine[]; generatedAt: Date }): Promise<Buffer> {
  return pdf(A4, `Pick list: ${wave.jobs.length} jobs`, async (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(`Pick list · ${wave.jobs.length} job${wave.jobs.length === 1 ? '' : 's'}`);
    doc.font('Helvetica').fontSize(9).text(`Made ${wave.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Pick by bin, then pack each job by scanning every unit and then its order label.`);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text('By bin');
    row(doc, [['Bin', 25], ['SKU', 35], ['Description', 60], ['Qty', 12], ['For jobs', 48]], 'Helvetica-Bold');
    for (const bin of wave.bins) {
      for (const item of bin.items) row(doc, [[bin.location, 25], [item.sku, 35], [item.description, 60], [String(item.quantity), 12], [item.jobs.map((j) => (j.quantity > 1 ? `${j.number} ×${j.quantity}` : j.number)).join(', '), 48]]);
    }
    if (wave.bins.length === 0) row(doc, [['Nothing to pick: no line of these jobs is reserved at a bin.', 180]]);
    if (wave.backorders.length > 0) {
      doc.moveDown(0.5);
      doc.font('Helvetica-Bold').fontSize(10).text('Back orders (not in stock: do not pick)');
      for (const l of wave.backorders) row(doc, [[l.jobNumber, 25], [l.sku, 35], [l.description, 60], [String(l.quantity), 12]]);
    }
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text('Jobs');
    for (const { job, orderLabel: label, lines } of wave.jobs) {
      const height = 30 * MM + lines.length * 13;
      room(doc, height);
      const top = doc.y + 2 * MM;
      doc.moveTo(MARGIN, top - 1 * MM).lineTo(doc.page.width - MARGIN, top - 1 * MM).lineWidth(0.5).stroke('#888888');
      await orderLabel(doc, label, MARGIN, top + 1 * MM);
      const right = MARGIN + ORDER_BARCODE.width + 8 * MM;
      const width = doc.page.width - MARGIN - right;
      doc.font('Helvetica-Bold').fontSize(10).text(`Deliver to`, right, top + 1 * MM, { width });
      doc.font('Helvetica').fontSize(9).text(job.site ? addressLines(job).join('\n') : `${job.customerName}\nNo site: give the printer a site before it ships.`, right, doc.y, { width });
      doc.fontSize(8).fillColor('#444444').text(printerOf(job), right, doc.y, { width }).fillColor('black');
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, top + 1 * MM + ORDER_BARCODE.height + 7 * MM) + 1 * MM;
      for (const l of lines) row(doc, [[`${l.quantity} ×`, 12], [l.sku, 35], [l.description, 75], [l.backorder ? 'back order' : `bin ${l.location ?? '—'}`, 58]]);
      doc.moveDown(0.5);
    }
  });
}

/** One unit in the box, as scanned. */
export interface SlipUnit {
  label: string;
  serial: string | null;
  sku: string;
  description: string;
}

/**
 * The packing slip (A4) of a job: what was scanned into its box — each unit with its label and box serial, and the
 * count per SKU — never what was ordered; the order label on top so the slip is matched to its box.
 */
export function renderPackingSlip(job: DocumentJob, label: string, units: readonly SlipUnit[], generatedAt: Date): Promise<Buffer> {
  return pdf(A4, `Packing slip ${job.number}`, async (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(`Packing slip · ${job.number}`);
    doc.font('Helvetica').fontSize(9).text(`Made ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC from the units scanned into this box.`);
    const top = doc.y + 4 * MM;
    await orderLabel(doc, label, MARGIN, top);
    const right = MARGIN + ORDER_BARCODE.width + 8 * MM;
    doc.font('Helvetica-Bold').fontSize(10).text('Deliver to', right, top, { width: doc.page.width - MARGIN - right });
    doc.font('Helvetica').fontSize(9).text(addressLines(job).join('\n') || job.customerName, { width: doc.page.width - MARGIN - right });
    doc.fontSize(8).fillColor('#444444').text(printerOf(job), { width: doc.page.width - MARGIN - right }).fillColor('black');
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, top + ORDER_BARCODE.height + 8 * MM) + 4 * MM;
    const perSku = new Map<string, { description: string; n: number }>();
    for (const u of units) perSku.set(u.sku, { description: u.description, n: (perSku.get(u.sku)?.n ?? 0) + 1 });
    doc.font('Helvetica-Bold').fontSize(12).text('Contents');
    row(doc, [['Qty', 15], ['SKU', 40], ['Description', 125]], 'Helvetica-Bold');
    for (const [sku, { description, n }] of perSku) row(doc, [[String(n), 15], [sku, 40], [description, 125]]);
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text(`Units (${units.length})`);
    row(doc, [['Unit label', 40], ['SKU', 40], ['Box serial', 50]], 'Helvetica-Bold');
    for (const u of units) row(doc, [[u.label, 40], [u.sku, 40], [u.serial ?? '', 50]], 'Courier', 10);
  });
}

// A6-sized (105 × 148 mm, the common 4 × 6 inch thermal label's European cousin) so it prints on a label printer or
// a quarter of A4.
const LABEL: [number, number] = [105 * MM, 148 * MM];

/** The shipping label (A6): the delivery address, the job's order label (Code 128), and the carrier and tracking number once dispatched. */
export function renderShippingLabel(job: DocumentJob, label: string, shipment: { carrier: string; trackingNumber: string } | null): Promise<Buffer> {
  return pdf(LABEL, `Shipping label ${job.number}`, async (doc) => {
    const width = LABEL[0] - 2 * MARGIN + 10 * MM;
    const x = MARGIN - 5 * MM;
    doc.font('Helvetica').fontSize(8).text('DELIVER TO', x, 8 * MM, { width });
    doc.font('Helvetica-Bold').fontSize(13).text(addressLines(job).join('\n'), x, doc.y + 1 * MM, { width });
    doc.font('Helvetica').fontSize(8).text(printerOf(job), x, doc.y + 2 * MM, { width });
    const top = Math.max(doc.y + 6 * MM, 70 * MM);
    doc.moveTo(x, top - 3 * MM).lineTo(x + width, top - 3 * MM).lineWidth(0.5).stroke();
    doc.font('Helvetica').fontSize(8).text('ORDER', x, top, { width });
    await orderLabel(doc, label, x, doc.y + 1 * MM);
    doc.font('Helvetica').fontSize(8).text('CARRIER', x, doc.y + 6 * MM, { width });
    doc.font('Helvetica-Bold').fontSize(11).text(shipment ? `${shipment.carrier} · ${shipment.trackingNumber}` : 'Not dispatched yet: the carrier and tracking number are added on dispatch.', x, doc.y + 1 * MM, { width });
  });
}
