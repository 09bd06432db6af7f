import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/core.ts';
import { pdfBytes, pngBytes } from '../support/expense-factories.ts';
import { apiSignIn, waitForMail } from './support/api.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { browserSuite } from './support/suite.ts';
import { dayOffset, PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

const seeded = {} as World & { deliverableId: string };

/** An engagement approved six days ago with effort on four days, an issued final report, one approved and one pending expense. */
async function seed(core: Core): Promise<void> {
  const w = await seedWorld(core, { approvedDaysAgo: 6 });
  const { effort, deliverables, expenses } = core.services;
  const log = (days: number, minutes: number, activity: 'analysis' | 'onsite_work' | 'scoping', note: string) =>
    effort.logEffort(w.consultant, w.engagementId, { date: dayOffset(core, -days), minutes, activity, note });
  await log(5, 60, 'scoping', 'Call with the CISO');
  await log(4, 6 * 60, 'analysis', 'Triage of the encrypted file servers');
  await log(3, 8 * 60, 'onsite_work', 'Containment on site in Chicago');
  await log(1, 4 * 60 + 30, 'analysis', 'Timeline of the intrusion');
  const report = await deliverables.create(w.consultant, w.engagementId, {
    kind: 'final_report',
    title: 'Final report: ransomware response',
    note: 'First issue',
    file: { content: await pdfBytes(), name: 'final-report.pdf' },
  });
  await deliverables.issue(w.manager, report.id, { version: 1 });
  await deliverables.create(w.consultant, w.engagementId, {
    kind: 'ioc_list',
    title: 'IOC list (draft)',
    file: { content: Buffer.from('ip,198.51.100.7\n'), name: 'iocs.csv' },
  });
  const hotel = await expenses.submit(w.consultant, w.engagementId, {
    date: dayOffset(core, -3),
    category: 'lodging',
    amount: 61_230,
    currency: 'USD',
    note: 'Hotel Lakeside Chicago, 3 nights',
    receipt: { content: pngBytes(), name: 'hotel.png' },
  });
  await expenses.approve(w.manager, hotel.id);
  await expenses.submit(w.consultant, w.engagementId, {
    date: dayOffset(core, -2),
    category: 'meals',
    amount: 4_200,
    currency: 'USD',
    note: 'Team dinner',
    receipt: { content: pngBytes(), name: 'dinner.png' },
  });
  Object.assign(seeded, w, { deliverableId: report.id });
}

const t = browserSuite({ seed });

describe('the customer portal: engagements', () => {
  it('an IR manager uploads a deliverable and issues it (the approving contact is told); a later version stays with the firm', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.goto(`${t.product.url}/engagements/${seeded.engagementId}`);
    const section = page.getByRole('region', { name: 'Deliverables' });
    await section.getByRole('button', { name: 'Upload deliverable' }).click();
    const upload = page.getByRole('dialog', { name: 'Upload deliverable' });
    await upload.getByLabel('Kind').selectOption('executive_briefing');
    await upload.getByLabel('Title').fill('Executive briefing for the board');
    await upload
      .getByLabel(/^File/)
      .setInputFiles({ name: 'briefing.pdf', mimeType: 'application/pdf', buffer: await pdfBytes() });
    await upload.getByRole('button', { name: 'Upload' }).click();
    await upload.waitFor({ state: 'detached' });
    const row = section.getByRole('row').filter({ hasText: 'Executive briefing for the board' });
    await row.getByText('Draft', { exact: true }).waitFor();

    await row.getByRole('button', { name: 'Issue Executive briefing for the board to the customer' }).click();
    const issue = page.getByRole('dialog', { name: 'Issue Executive briefing for the board' });
    await issue
      .getByText(/approving contacts, statement contacts and the person who requested the work each get an email/)
      .waitFor();
    await snapshot(page, 'deliverable-issue');
    await issue.getByRole('button', { name: 'Issue version 1' }).click();
    await row.getByText('Issued', { exact: true }).waitFor();
    const mail = await waitForMail(
      t.admin,
      people.approver.email,
      /Executive briefing for the board \(version 1\) is ready/,
    );
    // The link names the engagement by its number, never its internal id.
    expect(mail.text).toMatch(/\/portal\/engagements\/ENG-\d{4}-\d{4}\b/);
    expect(mail.text).not.toContain(seeded.engagementId);

    await row.getByRole('button', { name: 'New version of Executive briefing for the board' }).click();
    const version = page.getByRole('dialog', { name: 'New version of Executive briefing for the board' });
    await version.getByLabel('What changed').fill('Corrected the timeline');
    await version.getByLabel(/^File/).setInputFiles({
      name: 'briefing-v2.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([await pdfBytes(), Buffer.from('\n')]),
    });
    await version.getByRole('button', { name: 'Add version' }).click();
    await version.waitFor({ state: 'detached' });
    await row.getByText('Customer sees version 1').waitFor();
    await row.getByRole('button', { name: 'Show the versions of Executive briefing for the board' }).click();
    await section
      .getByRole('list', { name: 'Versions of Executive briefing for the board' })
      .getByText('briefing-v2.pdf', { exact: false })
      .waitFor();
    await snapshot(page, 'deliverables-staff');
  });

  it('an approver sees the engagement with its burn chart and effort by activity, downloads the issued report and accepts it', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.approver.email, PASSWORD);
    await page
      .getByRole('navigation', { name: 'Portal navigation' })
      .getByRole('link', { name: 'Engagements' })
      .click();
    const row = page
      .getByRole('table', { name: 'Engagements' })
      .getByRole('row')
      .filter({ hasText: 'Ransomware response: file servers' });
    await row.getByText('In progress').waitFor();
    await row.getByText('18h 30m of 40h 00m').waitFor();
    await snapshot(page, 'portal-engagements');
    await row.getByRole('link', { name: 'Ransomware response: file servers' }).click();
    await page.waitForURL((u) => u.pathname === `/portal/engagements/${seeded.engagementId}`);
    await page.getByRole('heading', { name: 'Ransomware response: file servers', level: 1 }).waitFor();

    // Consumed vs estimate over time: the chart draws one step per work day.
    const burn = page.getByRole('region', { name: 'Burn vs estimate' });
    await burn.locator('.recharts-surface').first().waitFor();
    await burn.getByText('18h 30m', { exact: true }).waitFor();
    await page
      .getByRole('region', { name: 'Estimate and consumption' })
      .getByText('21h 30m', { exact: true })
      .waitFor();

    // Effort by activity, totals only (the contract does not show customers individual entries).
    const effort = page.getByRole('region', { name: 'Effort by activity' });
    const byActivity = effort.getByRole('table', { name: 'Effort by activity' });
    const cells = (activity: string) =>
      byActivity.getByRole('row').filter({ hasText: activity }).getByRole('cell').allTextContents();
    await byActivity.getByRole('row').filter({ hasText: 'On-site work' }).waitFor();
    expect(await cells('Analysis')).toEqual(['Analysis', '2', '10h 30m', '10h 30m']);
    expect(await cells('On-site work')).toEqual(['On-site work', '1', '8h 00m', '8h 00m']);
    expect(await cells('Scoping')).toEqual(['Scoping (free)', '1', '1h 00m', '0h 00m']);
    await effort.getByText(/shows effort as totals by activity/).waitFor();
    expect(await effort.getByRole('table', { name: 'Effort entries' }).count()).toBe(0);
    expect(await page.getByText('Triage of the encrypted file servers').count()).toBe(0);

    // Expenses: the approved hotel only, billed at cost.
    const expenses = page.getByRole('region', { name: 'Travel and expenses' });
    await expenses.getByRole('row').filter({ hasText: '612.30 USD' }).waitFor();
    expect(await expenses.getByText('Team dinner').count()).toBe(0);
    expect(await expenses.getByRole('button', { name: 'Add expense' }).count()).toBe(0);

    // Deliverables: the issued report only; download it and accept it.
    const deliverables = page.getByRole('region', { name: 'Deliverables' });
    const report = deliverables.getByRole('row').filter({ hasText: 'Final report: ransomware response' });
    await report.getByText('Issued', { exact: true }).waitFor();
    expect(await deliverables.getByText('IOC list (draft)').count()).toBe(0);
    // Issued in the previous test, then revised: the customer sees the issued version 1 only.
    const briefing = deliverables.getByRole('row').filter({ hasText: 'Executive briefing for the board' });
    await briefing.getByText('Version 1', { exact: true }).waitFor();
    expect(await page.getByText('briefing-v2.pdf').count()).toBe(0);
    await snapshot(page, 'portal-engagement');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      report.getByRole('link', { name: 'Download Final report: ransomware response, version 1' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('final-report.pdf');
    expect(fs.readFileSync((await download.path())!).equals(await pdfBytes())).toBe(true);

    await report.getByRole('button', { name: 'Accept Final report: ransomware response' }).click();
    const dialog = page.getByRole('dialog', { name: 'Accept Final report: ransomware response' });
    await dialog.getByLabel('Note to the IR firm').fill('Thank you, this is what our board needs.');
    await dialog.getByRole('button', { name: 'Accept version 1' }).click();
    await report.getByText('Accepted', { exact: true }).waitFor();
    await report.getByText(/Version 1 accepted .* by Dana Whitfield/).waitFor();
    await snapshot(page, 'portal-engagement-accepted');

    const admin = await apiSignIn(t.product.url, t.product.admin.email, t.product.admin.password);
    const d = await admin.call<{ status: string; acceptedVersion: number; acceptanceNote: string }>(
      'GET',
      `/deliverables/${seeded.deliverableId}`,
    );
    expect(d.body).toMatchObject({
      status: 'accepted',
      acceptedVersion: 1,
      acceptanceNote: 'Thank you, this is what our board needs.',
    });

    // Once the contract shows customers effort detail, the entries appear with names and notes.
    const engagement = await admin.call<{ contractId: string }>('GET', `/engagements/${seeded.engagementId}`);
    expect(
      (
        await admin.call('PATCH', `/contracts/${engagement.body.contractId}`, {
          settings: { customerSeesEffortDetail: true },
        })
      ).status,
    ).toBe(200);
    await page.reload();
    const entries = page
      .getByRole('region', { name: 'Effort by activity' })
      .getByRole('table', { name: 'Effort entries' });
    const triage = entries.getByRole('row').filter({ hasText: 'Triage of the encrypted file servers' });
    await triage.getByText('Lena Fischer').waitFor();
    expect(await entries.getByRole('row').count()).toBe(5);
    await snapshot(page, 'portal-engagement-detail');
  });
});
