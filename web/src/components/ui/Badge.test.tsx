import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Badge } from './Badge';

describe('Badge', () => {
  it('passes data and aria attributes on to its element', () => {
    render(
      <Badge tone="success" data-status="published" data-testid="badge" aria-label="Published, version 3" title="Live">
        Published
      </Badge>,
    );
    const badge = screen.getByTestId('badge');
    expect(badge).toHaveAttribute('data-status', 'published');
    expect(badge).toHaveAttribute('aria-label', 'Published, version 3');
    expect(badge).toHaveAttribute('title', 'Live');
    expect(badge).toHaveTextContent('Published');
  });
});
