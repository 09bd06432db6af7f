import { beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core/core.ts';
import { systemCtx } from '../../src/core/context.ts';
import { signInThroughForm, snapshot } from './support/browser.ts';
import { apiSignIn, type ApiSession } from './support/api.ts';
import { browserSuite } from './support/suite.ts';
import { PASSWORD, people, seedWorld, type World } from './timesheet-world.ts';

// Issue 15 in the browser: the staff directory's filters, an IR manager editing a whole profile, a consultant
// who sees only what he may edit, the on-call rota refusing an overlapping shift, and the dashboard's on call.
const tom = { email: 'tom.sato@irfirm.example', name: 'Tom Sato' };
let world: World;
let lenaId = '';
let tomId = '';

async function seedProfiles(core: Core): Promise<void> {
  const { db, clock, services } = core;
  const at = clock.now();
  lenaId = world.consultant.actor.type === 'user' ? world.consultant.actor.userId : '';
  const lena = await db.kysely
    .selectFrom('users')
    .select('organization_id')
    .where('id', '=', lenaId)
    .executeTakeFirstOrThrow();
  const passwordHash = await services.accounts.preparePassword(PASSWORD, 'e2e@example.invalid');
  tomId = await db.transaction((trx) =>
    services.accounts.createUserInTx(trx, systemCtx('e2e'), {
      organizationId: lena.organization_id,
      ...tom,
      role: 'consultant',
      passwordHash,
    }),
  );
  const profile = (userId: string, city: string, country: string, lat: number, lon: number, zone: string) => ({
    user_id: userId,
    languages: JSON.stringify(zone === 'Asia/Tokyo' ? ['ja', 'en'] : ['en', 'de']),
    home_city: city,
    home_country: country,
    home_latitude: lat,
    home_longitude: lon,
    time_zone: zone,
    working_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
    on_call_eligible: true,
    created_at: at,
    updated_at: at,
  });
  await db.kysely
    .insertInto('consultant_profiles')
    .values([
      profile(lenaId, 'London', 'GB', 51.5, -0.12, 'Europe/London'),
      profile(tomId, 'Tokyo', 'JP', 35.68, 139.69, 'Asia/Tokyo'),
    ])
    .execute();
  await db.kysely
    .insertInto('consultant_skills')
    .values([
      { user_id: lenaId, skill_id: 'memory_forensics', level: 5 },
      { user_id: tomId, skill_id: 'memory_forensics', level: 2 },
    ])
    .execute();
  await db.kysely
    .insertInto('consultant_certifications')
    .values({ user_id: lenaId, certification_id: 'gcfa', obtained_on: '2021-03-01', expires_on: '2025-03-01' })
    .execute();
}

const t = browserSuite({
  seed: async (core) => {
    world = await seedWorld(core);
    await seedProfiles(core);
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

interface Profile {
  homeBase: { city: string; country: string; latitude: number; longitude: number; timeZone: string };
  certifications: { certificationId: string; expiresOn: string | null; expired: boolean }[];
  revision: number;
}

describe('staffing in the browser', () => {
  it('filters the directory by skill and level, and by time zone', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    await page.getByRole('heading', { name: 'Staff' }).waitFor();
    const table = page.getByRole('table');
    await table.getByRole('link', { name: tom.name }).waitFor();

    await page.getByLabel('Skill', { exact: true }).selectOption({ label: 'Memory forensics' });
    await page.getByLabel('Level', { exact: true }).selectOption({ label: 'Level 4 or more' });
    await table.getByRole('link', { name: tom.name }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: people.consultant.name }).waitFor();
    expect(await table.getByRole('link').allTextContents()).toEqual([people.consultant.name]);

    await page.getByLabel('Skill', { exact: true }).selectOption({ label: 'Any skill' });
    await page.getByLabel('Time zone', { exact: true }).selectOption({ label: 'Asia/Tokyo' });
    await table.getByRole('link', { name: people.consultant.name }).waitFor({ state: 'detached' });
    // The list refetches: wait for the filtered answer, not the empty table in between.
    await table.getByRole('link', { name: tom.name }).waitFor();
    expect(await table.getByRole('link').allTextContents()).toEqual([tom.name]);
    expect(await table.textContent()).toContain('Tokyo, JP');
    await snapshot(page, 'staff-directory-filtered');
  });

  it('lets an IR manager edit a certification and the home base, refusing a bad latitude in plain words', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.goto(`${t.product.url}/staff/${lenaId}`);
    const form = page.getByRole('form', { name: 'Profile' });
    await form.waitFor();
    expect(await page.getByLabel('Summary').textContent()).toMatch(/GCFA expired/);

    // A latitude out of range: said under the field, nothing saved.
    await form.getByLabel('Latitude').fill('95');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await form.getByText('The latitude must be between −90 and 90.').waitFor();
    const before = await manager.call<Profile>('GET', `/consultants/${lenaId}`);
    expect(before.body.homeBase.latitude).toBe(51.5);

    await form.getByLabel('City').fill('Manchester');
    await form.getByLabel('Latitude').fill('53.48');
    await form.getByLabel('Longitude').fill('-2.24');
    await form.getByLabel('GCFA: expires on').fill('2029-03-01');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(`The profile of ${people.consultant.name} is saved.`).waitFor();
    await page.getByLabel('Summary').getByText('Home base: Manchester, GB').waitFor();
    await snapshot(page, 'consultant-profile-saved');

    const after = await manager.call<Profile>('GET', `/consultants/${lenaId}`);
    expect(after.body.homeBase).toMatchObject({ city: 'Manchester', latitude: 53.48, longitude: -2.24 });
    expect(after.body.certifications).toEqual([
      expect.objectContaining({ certificationId: 'gcfa', expiresOn: '2029-03-01', expired: false }),
    ]);
    expect(after.body.revision).toBe(before.body.revision + 1);
  });

  it('offers a consultant only his skills and time off on his own profile', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.consultant.email, PASSWORD);
    await page.goto(`${t.product.url}/staff/${lenaId}`);
    await page.getByRole('button', { name: 'Save skills' }).waitFor();
    await page.getByRole('button', { name: 'Enter time off' }).waitFor();
    expect(await page.getByRole('form', { name: 'Profile' }).count()).toBe(0);
    expect(await page.getByLabel('Latitude').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    await snapshot(page, 'consultant-own-profile');

    // Another consultant's profile: read only.
    await page.goto(`${t.product.url}/staff/${tomId}`);
    await page.getByRole('heading', { name: tom.name }).waitFor();
    expect(await page.getByRole('button', { name: 'Save skills' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Enter time off' }).count()).toBe(0);
  });

  it('refuses an overlapping shift on the rota page, and the dashboard shows who is on call', async () => {
    const page = await t.browser.newPage();
    await signInThroughForm(page, t.product.url, people.manager.email, PASSWORD);
    await page.getByRole('link', { name: 'On-call rota' }).click();
    await page.getByRole('heading', { name: 'On-call rota' }).waitFor();
    await page.getByText('No rota yet').first().waitFor();
    await page.getByRole('textbox', { name: 'New rota' }).fill('Follow the sun');
    await page.getByRole('button', { name: 'Create rota' }).click();

    const add = page.getByRole('form', { name: 'Add a shift' });
    await add.waitFor();
    const addShift = async (who: string, from: string, to: string) => {
      await add.getByRole('combobox', { name: 'On call' }).click();
      await page.getByRole('option', { name: new RegExp(who) }).click();
      await add.getByLabel('From (your time)').fill(from);
      await add.getByLabel('To (your time)').fill(to);
      await add.getByRole('button', { name: 'Add shift' }).click();
    };
    await addShift(people.consultant.name, local(2, '09:00'), local(2, '17:00'));
    await page.getByRole('table', { name: 'Shifts' }).getByText(people.consultant.name).waitFor();

    await addShift(tom.name, local(2, '13:00'), local(2, '20:00'));
    const refusal = add.getByRole('alert').filter({ hasText: 'Overlapping shift refused' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(people.consultant.name);
    expect(await refusal.textContent()).not.toMatch(/UTC|\d{4}-\d{2}-\d{2}T/);
    await snapshot(page, 'oncall-overlap-refused');

    const rotas = await manager.call<{ items: { id: string }[] }>('GET', '/oncall/rotas');
    const rotaId = rotas.body.items[0]!.id;
    const shifts = await manager.call<{ items: { name: string }[] }>(
      'GET',
      `/oncall/rotas/${rotaId}/shifts?from=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(shifts.body.items.map((s) => s.name)).toEqual([people.consultant.name]);

    // Tom holds the pager now: the IR manager's dashboard says so, with the next holder and the gaps.
    const now = Date.now();
    const held = await manager.call('POST', `/oncall/rotas/${rotaId}/shifts`, {
      userId: tomId,
      start: new Date(now - 60 * 60 * 1000).toISOString(),
      end: new Date(now + 3 * 60 * 60 * 1000).toISOString(),
    });
    expect(held.status).toBe(201);
    // The shift was added over the API: a fresh page load reads "on call now" again (the app caches it 15 s).
    await page.goto(`${t.product.url}/`);
    const card = page.getByLabel('On call now');
    await card.getByText(`${tom.name}`, { exact: false }).first().waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`${tom.name} holds the pager`));
    expect(text).toContain(`Next: ${people.consultant.name}`);
    expect(text).toContain('Coverage gap in the next 14 days');
    await snapshot(page, 'dashboard-on-call');
  });
});
