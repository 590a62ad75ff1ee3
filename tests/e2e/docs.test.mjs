// The API reference at /api/docs renders in a browser with no internet: its assets come from the binary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseUrl, expectVisible, newPage, pageErrors, shot, useStack } from './harness.mjs';

useStack();

test('the interactive API reference renders offline and lists the endpoints', async () => {
  const { context, page } = await newPage();
  const outside = [];
  page.on('request', (req) => {
    if (!req.url().startsWith(baseUrl) && !req.url().startsWith('data:')) outside.push(req.url());
  });
  await page.goto(`${baseUrl}/api/docs/`);
  await expectVisible(page.getByText('Parley API', { exact: false }), 'the document title is shown');
  await expectVisible(page.getByText('/api/v1/auth/login', { exact: true }), 'the login operation is listed');
  await expectVisible(page.getByText('/api/v1/users/{id}', { exact: true }), 'an operation with an id is listed');
  await shot(page, '20-api-docs');
  assert.deepEqual(outside, [], 'the docs page loads nothing from outside the server');
  await context.close();
  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
});
