import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { json } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import type { BrandSettings } from './api';
import { BrandPage } from './components/BrandPage';
import { contrastWarnings, contrastWithWhite } from './contrast';
import { loadBrandStrings } from './strings';
import { shades } from './theme';

const effective = {
  custom: false,
  defaultLanguage: 'en' as const,
  productName: 'Parley',
  primaryColor: '#7c3aed',
  accentColor: '#0891b2',
  poweredBy: false,
  version: 0,
};

function settings(over: Partial<BrandSettings> = {}): BrandSettings {
  return {
    mayBrand: true,
    mayRemovePoweredBy: true,
    productName: 'Northwind',
    primaryColor: null,
    accentColor: null,
    poweredBy: true,
    version: 2,
    assets: [],
    warnings: [],
    effective,
    ...over,
  } as BrandSettings;
}

beforeAll(async () => {
  await loadBrandStrings();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('contrast and shades', () => {
  it('computes the WCAG ratio with white as the server does', () => {
    expect(contrastWithWhite('#000000')).toBe(21);
    expect(contrastWithWhite('#ffff00')).toBe(1.07);
    expect(contrastWithWhite('red')).toBeNull();
    expect(contrastWarnings({ primaryColor: '#7c3aed', accentColor: '#0891b2' })).toEqual([]);
    expect(contrastWarnings({ primaryColor: '#ffff00', accentColor: '#0891b2' }).map((w) => w.field)).toEqual(['primaryColor']);
  });

  it('derives ten theme variables from one colour, the 600 being the colour itself', () => {
    const vars = Object.fromEntries(shades('primary', '#0f766e'));
    expect(Object.keys(vars)).toHaveLength(10);
    expect(vars['--color-primary-600']).toBe('#0f766e');
    expect(vars['--color-primary-50']).toBe('color-mix(in oklab,#0f766e 8%,white)');
    expect(vars['--color-primary-900']).toContain('black');
  });
});

describe('the Brand page', () => {
  it('warns while a colour reads badly, previews the unsaved colour and sends blanks as defaults', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        if (req.method === 'PUT') {
          const body = (await req.json()) as Record<string, unknown>;
          sent.push(body);
          return json(200, settings({ productName: body.productName as string, primaryColor: body.primaryColor as string }));
        }
        return json(200, settings());
      }),
    );
    renderWithProviders(<BrandPage />);
    const primary = await screen.findByLabelText('Primary colour', { selector: 'input[type=text], input:not([type])' });
    expect(screen.queryByTestId('contrast-warning')).toBeNull();
    const user = userEvent.setup();
    await user.type(primary, '#FFFF00');
    expect(screen.getByTestId('contrast-warning').textContent).toContain('1.07:1');
    expect(screen.getByTestId('brand-preview').style.getPropertyValue('--color-primary-600')).toBe('#FFFF00');
    await user.click(screen.getByTestId('save-brand'));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ productName: 'Northwind', primaryColor: '#FFFF00', accentColor: null, termsUrl: null, poweredBy: true });
    expect(await screen.findByText('Brand saved.')).toBeTruthy();
  });

  it('explains why a client of an agency cannot brand and locks the form', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(200, settings({ mayBrand: false, reason: 'agency', mayRemovePoweredBy: false, effective: { ...effective, custom: true, productName: 'Reach' } }))));
    renderWithProviders(<BrandPage />);
    expect(await screen.findByText('Showing now: Reach')).toBeTruthy();
    expect(screen.getByText(/Your workspace shows your agency's brand/)).toBeTruthy();
    expect(screen.queryByTestId('save-brand')).toBeNull();
    expect(screen.getByLabelText('Product name')).toBeDisabled();
  });
});
