import { describe, expect, it } from 'vitest';
import { parseBounceReport } from './bounce-report.js';

const DSN = `--boundary
Content-Type: text/plain

This is the mail system at host mx.example.net. I'm sorry to have to inform you that your message could not be delivered.

--boundary
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Thu, 26 Nov 2026 07:00:02 -0800

Final-Recipient: rfc822; Gone@Example.com
Original-Recipient: rfc822;gone@example.com
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.com>: Recipient address rejected

Final-Recipient: rfc822; busy@example.com
Action: delayed
Status: 4.2.2

Final-Recipient: rfc822; fine@example.com
Action: delivered
Status: 2.0.0

--boundary--
`;

describe('parseBounceReport', () => {
  it('reads an RFC 3464 delivery status notification: 5.x.x hard, 4.x.x soft, delivered ignored', () => {
    expect(parseBounceReport(DSN)).toEqual([
      { email: 'gone@example.com', type: 'hard' },
      { email: 'busy@example.com', type: 'soft' },
    ]);
  });
  it('reads an ARF complaint', () => {
    expect(parseBounceReport('Feedback-Type: abuse\nUser-Agent: x\nVersion: 1\nOriginal-Rcpt-To: <angry@example.com>\n')).toEqual([{ email: 'angry@example.com', type: 'complaint' }]);
  });
  it('finds nothing in a plain mail', () => {
    expect(parseBounceReport('Hello, just a reply.')).toEqual([]);
  });
});
