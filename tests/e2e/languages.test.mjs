// Browser test of the product's languages (docs/languages.md) on the demo (`parley serve --demo`): the owner's inbox
// and flow builder in Japanese, Russian and Arabic, at desktop and phone widths, with screenshots; nothing scrolls
// sideways, the document carries the language and direction, and the header and navigation read in the language.
// Run: `npm run build` in web/, then `node --test languages.test.mjs` here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, DESKTOP, PHONE, api, baseUrl, expectVisible, newPage, overflowX, pageErrors, shot, useStack } from './harness.mjs';

useStack({ demo: true });

const OWNER = 'owner@demo.parley.local';
// The languages looked at: a CJK script, Cyrillic, and the right-to-left one.
const LANGS = [
  { code: 'ja', dir: 'ltr' },
  { code: 'ru', dir: 'ltr' },
  { code: 'ar', dir: 'rtl' },
];

async function ownerPage(viewport, code) {
  const { context, page } = await newPage(viewport);
  await context.addInitScript((lng) => localStorage.setItem('parley.locale', lng), code);
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[type="email"]').fill(OWNER);
  await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await expectVisible(page.getByTestId('layout-user'), `the owner is signed in (${code})`);
  return { context, page };
}

test('the inbox and the flow builder in Japanese, Russian and Arabic fit desktops and phones', async (t) => {
  const login = await api(null, 'POST', '/auth/login', { email: OWNER, password: DEMO_PASSWORD });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const flows = await api(login.body.accessToken, 'GET', '/flows');
  const flowId = (flows.body.items ?? flows.body)[0]?.id;
  assert.ok(flowId, 'the demo has a flow');

  for (const { code, dir } of LANGS) {
    for (const [width, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await t.test(`${code} on a ${width}`, async () => {
        const { context, page } = await ownerPage(viewport, code);
        try {
          assert.equal(await page.evaluate(() => document.documentElement.lang), code);
          assert.equal(await page.evaluate(() => document.documentElement.dir), dir);

          await page.goto(`${baseUrl}/app/conversations`);
          await expectVisible(page.getByTestId('conversation-list'), `the inbox list shows (${code}, ${width})`);
          await page.getByTestId('conversation-list').getByRole('link').first().waitFor();
          await shot(page, `languages-inbox-${code}-${width}`, false);
          assert.ok((await overflowX(page)) <= 0, `the inbox does not scroll sideways (${code}, ${width})`);
          // The sidebar's Team link is in the language (not the English "Team").
          const nav = await page.evaluate(() => document.querySelector('nav')?.textContent ?? '');
          assert.ok(!/\bTeam\b/.test(nav), `the navigation is translated (${code}): ${nav.slice(0, 80)}`);

          await page.goto(`${baseUrl}/app/flows/${flowId}`);
          await expectVisible(page.getByTestId('flow-builder'), `the builder opens (${code}, ${width})`);
          await page.locator('[data-testid="flow-node"]').first().waitFor();
          await shot(page, `languages-builder-${code}-${width}`, false);
          assert.ok((await overflowX(page)) <= 0, `the builder does not scroll sideways (${code}, ${width})`);
        } finally {
          await context.close();
        }
      });
    }
  }
  assert.deepEqual(pageErrors, [], 'no page errors');
});
