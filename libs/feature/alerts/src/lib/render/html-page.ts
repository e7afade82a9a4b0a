import { escapeHtml } from './html';

/** A plain page of the links in emails (unsubscribe, confirmations): `body` is HTML, already escaped. */
export function htmlPage(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:Arial,Helvetica,sans-serif;max-width:32rem;margin:3rem auto">` +
    `<h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`
  );
}
