/**
 * Reads a bounce or complaint report as mail servers send it: an RFC 3464 delivery status notification
 * (multipart/report; report-type=delivery-status) or an RFC 5965 feedback report (ARF, a complaint). Only the
 * machine-readable fields are read: Final-Recipient/Original-Recipient with Action and Status per recipient
 * (5.x.x or "failed" = hard, 4.x.x or "delayed" = soft), or Feedback-Type with Original-Rcpt-To.
 */
export interface ParsedBounce {
  email: string;
  type: 'hard' | 'soft' | 'complaint';
}

const address = (value: string): string | null => {
  const raw = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  const email = raw.trim().replace(/^<|>$/g, '').toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
};

export function parseBounceReport(text: string): ParsedBounce[] {
  const unfolded = text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  if (/^Feedback-Type:/im.test(unfolded)) {
    const recipients = [...unfolded.matchAll(/^(?:Original-Rcpt-To|Removal-Recipient):\s*(.+)$/gim)].map((m) => address(m[1] ?? '')).filter((e): e is string => e !== null);
    return [...new Set(recipients)].map((email) => ({ email, type: 'complaint' }));
  }
  const out: ParsedBounce[] = [];
  // Per-recipient field groups are separated by blank lines (RFC 3464 §2.1).
  for (const block of unfolded.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(block)?.[1]?.trim();
    const recipient = field('Final-Recipient') ?? field('Original-Recipient');
    if (!recipient) continue;
    const email = address(recipient);
    if (!email) continue;
    const action = field('Action')?.toLowerCase() ?? '';
    const status = field('Status') ?? '';
    if (action === 'delivered' || action === 'relayed' || action === 'expanded') continue;
    out.push({ email, type: status.startsWith('5') || action === 'failed' ? 'hard' : 'soft' });
  }
  return out;
}
