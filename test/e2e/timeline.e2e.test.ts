import { beforeAll, describe, expect, it } from 'vitest';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { apiSignIn, waitForMail, type ApiSession } from './support/api.ts';
import { browserSuite } from './support/suite.ts';
import { dayOffset, PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

// Issue 15: an IR manager books a consultant from a suggestion on the staff timeline; the consultant gets
// the invite; a double booking of the same consultant is refused on screen as the API refuses it.
let world: World;
const t = browserSuite({
  seed: async (core) => {
    world = await seedWorld(core);
    const { db, clock } = core;
    const at = clock.now();
    const consultantId = world.consultant.actor.type === 'user' ? world.consultant.actor.userId : '';
    await db.kysely
      .insertInto('consultant_profiles')
      .values({
        user_id: consultantId,
        languages: JSON.stringify(['en', 'de']),
        home_city: 'London',
        home_country: 'GB',
        home_latitude: 51.5,
        home_longitude: -0.12,
        time_zone: 'Europe/London',
        working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db.kysely
      .insertInto('consultant_skills')
      .values({ user_id: consultantId, skill_id: 'memory_forensics', level: 5 })
      .execute();
    for (const id of [world.engagementId, world.smallId])
      await db.kysely
        .updateTable('engagements')
        .set({ window_start: dayOffset(core, -1), window_end: dayOffset(core, 60) })
        .where('id', '=', id)
        .execute();
  },
});

let manager: ApiSession;
beforeAll(async () => {
  manager = await apiSignIn(t.product.url, people.manager.email, PASSWORD);
});

/** A day some days ahead at HH:MM in the browser's zone, as a datetime-local value. */
function local(daysAhead: number, hhmm: string): string {
  const d = new Date();
  d.setDate(d.getDate() + daysAhead);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${hhmm}`;
}

describe('staff timeline', () => {
  it('books a consultant from a suggestion, shows the bar, and refuses a double booking on screen', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.getByRole('link', { name: 'Staff timeline' }).click();
    await page.getByRole('heading', { name: 'Staff timeline' }).waitFor();
    await page.getByRole('rowheader', { name: /Lena Fischer/ }).waitFor();

    // Suggestions for the engagement, with their reasons; book Lena from hers.
    await page.getByRole('combobox', { name: 'Suggest consultants for' }).click();
    await page.getByRole('option', { name: new RegExp(world.number) }).click();
    const suggestions = page.getByRole('table', { name: 'Suggested consultants' });
    await suggestions.waitFor();
    await page.getByRole('button', { name: `Book ${people.consultant.name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'New booking' });
    await dialog.waitFor();
    await dialog.getByLabel('Start (your time)').fill(local(3, '09:00'));
    await dialog.getByLabel('End (your time)').fill(local(3, '17:00'));
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    const bar = page.getByRole('button', { name: new RegExp(`^${world.number}:.*confirmed`) });
    await bar.waitFor();
    await snapshot(page, 'timeline-booked');

    // The consultant's invite arrives by email.
    const invite = await waitForMail(t.admin, people.consultant.email, new RegExp(world.number));
    expect(invite.subject).toContain(world.number);

    // The same consultant at the same time on another engagement: refused, and said so.
    await page.getByRole('button', { name: 'New booking' }).click();
    const second = page.getByRole('dialog', { name: 'New booking' });
    await second.getByRole('combobox', { name: 'Engagement' }).click();
    await page.getByRole('option', { name: new RegExp(world.smallNumber) }).click();
    await second.getByRole('combobox', { name: 'Consultant' }).click();
    await page.getByRole('option', { name: new RegExp(people.consultant.name) }).click();
    await second.getByLabel('Start (your time)').fill(local(3, '13:00'));
    await second.getByLabel('End (your time)').fill(local(3, '20:00'));
    await second.getByRole('button', { name: 'Book', exact: true }).click();
    const refusal = second.getByRole('alert').filter({ hasText: 'Double booking refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(world.number);
    await snapshot(page, 'timeline-double-booking-refused');

    // Exactly one booking exists for Lena.
    const r = await manager.call<{ items: { engagementNumber: string }[] }>(
      'GET',
      `/bookings?engagement=${world.engagementId}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.items.map((b) => b.engagementNumber)).toEqual([world.number]);
    const other = await manager.call<{ items: unknown[] }>('GET', `/bookings?engagement=${world.smallId}`);
    expect(other.body.items).toEqual([]);
  });
});
